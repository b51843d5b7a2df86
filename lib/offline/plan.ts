import type { BillSnapshot } from "../dto/bills";
import type { StationParent } from "../dto/scan";
import { parentKindOf, PARENT_SPECS } from "../qr";
import { ENGLISH, type Words } from "../station";
import {
  alreadyQueuedBillParentMessage,
  alreadyQueuedChildMessage,
  estimate,
  queuedBillParentMessage,
  queuedChildMessage,
  queuedParentMessage,
} from "./provisional";
import { queuedChildrenOf, queuedParentsOfBill, type QueuedScan } from "./queue";

// What a station does with a scan it can only queue: whether to queue it at all (not the same
// label twice), and the provisional answer from what the station knows, in the reader's words
// (`t`, English by default). Pure, so it is unit-tested.

export interface QueuePlan {
  /** false: the same scan already waits; nothing more is queued. */
  queue: boolean;
  message: string;
  /** The count would pass capacity. */
  warning: boolean;
}

/** A parent the server has not answered about: its kind's capacity, counting from zero. */
export function provisionalParent(qr: string, known: StationParent | undefined): StationParent {
  if (known) return { ...known };
  const type = parentKindOf(qr);
  return { qr, type, status: "pending", childCount: 0, capacity: PARENT_SPECS[type].capacity, finished: null };
}

/** A parent scanned (or resumed) offline: it becomes the current parent, provisionally. */
export function planQueuedParent(
  qr: string,
  known: StationParent | undefined,
  waiting: readonly QueuedScan[],
  options: { resumed?: boolean } = {},
  t: Words = ENGLISH,
): { parent: StationParent; message: string } {
  const parent = provisionalParent(qr, known);
  const e = estimate(known ? known.childCount : null, parent.capacity, queuedChildrenOf(waiting, qr).length);
  return { parent, message: queuedParentMessage(qr, e, options, t) };
}

/** A child scanned offline into `parent`; `known`: the server's last answer about that parent. */
export function planQueuedChild(childQr: string, parent: StationParent, known: StationParent | undefined, waiting: readonly QueuedScan[], t: Words = ENGLISH): QueuePlan {
  const queued = queuedChildrenOf(waiting, parent.qr);
  if (queued.some((s) => s.qr === childQr)) return { queue: false, message: alreadyQueuedChildMessage(childQr, parent.qr, t), warning: false };
  const e = estimate(known ? known.childCount : null, known?.capacity ?? parent.capacity, queued.length + 1);
  return { queue: true, ...queuedChildMessage(childQr, parent.qr, e, t) };
}

/** A parent scanned offline onto the bill of `snapshot`. */
export function planQueuedBillParent(qr: string, snapshot: BillSnapshot, waiting: readonly QueuedScan[], t: Words = ENGLISH): QueuePlan {
  const { billNumber, linkedCount, capacity } = snapshot.counts;
  const queued = queuedParentsOfBill(waiting, billNumber);
  if (queued.some((s) => s.qr === qr)) return { queue: false, message: alreadyQueuedBillParentMessage(qr, billNumber, t), warning: false };
  const onBill = snapshot.parents.some((p) => p.qr === qr);
  const counted = queued.filter((s) => !snapshot.parents.some((p) => p.qr === s.qr)).length + (onBill ? 0 : 1);
  return { queue: true, ...queuedBillParentMessage(qr, billNumber, estimate(linkedCount, capacity, counted), onBill, t) };
}
