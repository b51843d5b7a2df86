import { finishParentAction, removeChildAction, reopenParentAction, undoLastScanAction } from "@/app/(app)/scan/actions";
import { routeRemoval, type StationEvent, type StationState } from "@/lib/scan-station";
import { ENGLISH, type Words } from "@/lib/station";

/**
 * The station's changes besides packing, queued in line with the scans (use-scan-station.ts):
 * undo the last child, take one chosen child off the current parent, finish it below capacity,
 * reopen it. Like a scan, each acts on the parent current when it runs.
 */
export type ChangeJob = { kind: "undo" } | { kind: "remove"; raw: string } | { kind: "finish"; reason: string } | { kind: "reopen" };
type ParentChange = Exclude<ChangeJob, { kind: "remove" }>;

/** What a change on the current parent says when there is none, or the server cannot be reached. */
function parentChangeText(kind: ParentChange["kind"], t: Words): { noParent: string; unreachable: (parentQr: string) => string } {
  if (kind === "undo") return { noParent: t("scan.changes.nothingToUndo"), unreachable: () => t("scan.changes.undoUnreachable") };
  return { noParent: t("scan.changes.needsParent"), unreachable: (qr) => t("scan.changes.changeUnreachable", { qr }) };
}

/** The server's answer to one change on `parentQr`, as the station's event. */
async function changeParent(job: ParentChange, parentQr: string): Promise<StationEvent> {
  switch (job.kind) {
    case "undo":
      return { kind: "undo", outcome: await undoLastScanAction(parentQr), at: Date.now() };
    case "finish":
      return { kind: "finish", outcome: await finishParentAction(parentQr, job.reason), at: Date.now() };
    case "reopen":
      return { kind: "reopen", outcome: await reopenParentAction(parentQr), at: Date.now() };
  }
}

/** Runs one change and reports it through `apply`, in the reader's words; never throws (useSerialQueue's rule). */
export async function runChangeJob(job: ChangeJob, state: StationState, apply: (event: StationEvent) => void, t: Words = ENGLISH): Promise<void> {
  const at = () => Date.now();
  const parentQr = state.parent?.qr ?? null;
  if (job.kind === "remove") {
    const route = routeRemoval(job.raw, parentQr, t);
    if (route.kind === "local_error") {
      apply({ kind: "local_error", qr: route.qr, message: route.message, at: at() });
      return;
    }
    try {
      apply({ kind: "remove", qr: route.qr, outcome: await removeChildAction(route.parentQr, route.qr), at: at() });
    } catch {
      apply({ kind: "local_error", qr: route.qr, message: t("scan.changes.changeUnreachable", { qr: route.qr }), at: at() });
    }
    return;
  }
  const text = parentChangeText(job.kind, t);
  if (!parentQr) {
    apply({ kind: "local_error", qr: "", message: text.noParent, at: at() });
    return;
  }
  try {
    apply(await changeParent(job, parentQr));
  } catch {
    apply({ kind: "local_error", qr: parentQr, message: text.unreachable(parentQr), at: at() });
  }
}
