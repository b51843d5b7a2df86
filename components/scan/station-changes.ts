import { finishParentAction, removeChildAction, reopenParentAction } from "@/app/(app)/scan/actions";
import { routeRemoval, type StationEvent, type StationState } from "@/lib/scan-station";

/**
 * The station's changes besides packing, queued in line with the scans (use-scan-station.ts):
 * take one child off the current parent, finish it below capacity, reopen it. Like a scan, each
 * acts on the parent current when it runs.
 */
export type ChangeJob = { kind: "remove"; raw: string } | { kind: "finish"; reason: string } | { kind: "reopen" };

export function isChangeJob(job: { kind: string }): job is ChangeJob {
  return job.kind === "remove" || job.kind === "finish" || job.kind === "reopen";
}

const UNREACHABLE = "Could not reach the server. Nothing was changed — try again.";

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
  if (!parentQr) {
    apply({ kind: "local_error", qr: "", message: "Scan a parent bag first.", at: at() });
    return;
  }
  try {
    if (job.kind === "finish") apply({ kind: "finish", outcome: await finishParentAction(parentQr, job.reason), at: at() });
    else apply({ kind: "reopen", outcome: await reopenParentAction(parentQr), at: at() });
  } catch {
    apply({ kind: "local_error", qr: parentQr, message: `${parentQr}: ${UNREACHABLE}`, at: at() });
  }
}
