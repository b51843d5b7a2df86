import { finishParentAction, removeChildAction, reopenParentAction, undoLastScanAction } from "@/app/(app)/scan/actions";
import { routeRemoval, type StationEvent, type StationState } from "@/lib/scan-station";

/**
 * The station's changes besides packing, queued in line with the scans (use-scan-station.ts):
 * undo the last child, take one chosen child off the current parent, finish it below capacity,
 * reopen it. Like a scan, each acts on the parent current when it runs.
 */
export type ChangeJob = { kind: "undo" } | { kind: "remove"; raw: string } | { kind: "finish"; reason: string } | { kind: "reopen" };
type ParentChange = Exclude<ChangeJob, { kind: "remove" }>;

const UNREACHABLE = "Could not reach the server. Nothing was changed — try again.";

/** What each change on the current parent says when there is none, or the server cannot be reached. */
const PARENT_CHANGE_TEXT: Record<ParentChange["kind"], { noParent: string; unreachable: (parentQr: string) => string }> = {
  undo: { noParent: "Nothing to undo: scan a parent bag first.", unreachable: () => "Could not reach the server. The undo was not done — try again." },
  finish: { noParent: "Scan a parent bag first.", unreachable: (qr) => `${qr}: ${UNREACHABLE}` },
  reopen: { noParent: "Scan a parent bag first.", unreachable: (qr) => `${qr}: ${UNREACHABLE}` },
};

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

/** Runs one change and reports it through `apply`; never throws (useSerialQueue's rule). */
export async function runChangeJob(job: ChangeJob, state: StationState, apply: (event: StationEvent) => void): Promise<void> {
  const at = () => Date.now();
  const parentQr = state.parent?.qr ?? null;
  if (job.kind === "remove") {
    const route = routeRemoval(job.raw, parentQr);
    if (route.kind === "local_error") {
      apply({ kind: "local_error", qr: route.qr, message: route.message, at: at() });
      return;
    }
    try {
      apply({ kind: "remove", qr: route.qr, outcome: await removeChildAction(route.parentQr, route.qr), at: at() });
    } catch {
      apply({ kind: "local_error", qr: route.qr, message: `${route.qr}: ${UNREACHABLE}`, at: at() });
    }
    return;
  }
  const text = PARENT_CHANGE_TEXT[job.kind];
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
