// The offline scan queue's values and the store they live in. A scan the server could not be
// reached for waits here with its idempotency key until it is replayed (replay.ts); one the server
// refuses on replay becomes a conflict, kept until a person clears it. Everything is per signed-in
// user: a shared floor PC never sends one user's scans as another.

export type QueuedScanKind = "parent" | "child" | "bill_parent";

/** One scan waiting to be sent, exactly as it was made (same key on every attempt). */
export interface QueuedScan {
  /** Idempotency key: the server does the work once and answers repeats from its record. */
  key: string;
  userId: string;
  kind: QueuedScanKind;
  /** The scanned label: the parent (parent, bill_parent) or the child (child). */
  qr: string;
  /** child: the parent it goes into. */
  parentQr?: string;
  /** parent: the station's area (staff without an area of their own). */
  area?: string;
  /** bill_parent: the bill it goes onto. */
  billNumber?: string;
  /** When it was scanned (ms since epoch). */
  scannedAt: number;
}

/** A queued scan the server refused on replay: what happened and what to do. */
export interface ConflictEntry {
  /** The store's own id (assigned when kept). */
  id?: number;
  userId: string;
  key: string;
  kind: QueuedScanKind;
  qr: string;
  parentQr?: string;
  billNumber?: string;
  scannedAt: number;
  /** When the server refused it. */
  refusedAt: number;
  code: string;
  /** The server's own sentence. */
  message: string;
  /** What a person should do about it. */
  advice: string;
}

/** Where the queue and the conflicts are kept (IndexedDB in the browser, memory in tests). */
export interface OfflineStore {
  /** This user's waiting scans, oldest first. */
  pending(userId: string): Promise<QueuedScan[]>;
  add(scan: QueuedScan): Promise<void>;
  /** Sent: off the queue. */
  remove(key: string): Promise<void>;
  /** Refused: off the queue and onto the conflict list, in one step. */
  moveToConflicts(conflict: ConflictEntry): Promise<void>;
  /** This user's conflicts, oldest first. */
  conflicts(userId: string): Promise<ConflictEntry[]>;
  clearConflict(userId: string, id: number): Promise<void>;
  clearConflicts(userId: string): Promise<void>;
  /** Scans of other users waiting on this device (kept aside, never sent as this user). */
  othersWaiting(userId: string): Promise<number>;
}

/** An in-memory store: the unit tests' store, and the browser's when IndexedDB is refused. */
export function createMemoryOfflineStore(): OfflineStore {
  let queue: QueuedScan[] = [];
  let conflicts: ConflictEntry[] = [];
  let nextId = 1;
  const copy = <T extends object>(v: T): T => ({ ...v });
  return {
    async pending(userId) {
      return queue.filter((s) => s.userId === userId).map(copy);
    },
    async add(scan) {
      if (queue.some((s) => s.key === scan.key)) return;
      queue.push(copy(scan));
    },
    async remove(key) {
      queue = queue.filter((s) => s.key !== key);
    },
    async moveToConflicts(conflict) {
      queue = queue.filter((s) => s.key !== conflict.key);
      if (!conflicts.some((c) => c.key === conflict.key)) conflicts.push({ ...conflict, id: nextId++ });
    },
    async conflicts(userId) {
      return conflicts.filter((c) => c.userId === userId).map(copy);
    },
    async clearConflict(userId, id) {
      conflicts = conflicts.filter((c) => !(c.userId === userId && c.id === id));
    },
    async clearConflicts(userId) {
      conflicts = conflicts.filter((c) => c.userId !== userId);
    },
    async othersWaiting(userId) {
      return queue.filter((s) => s.userId !== userId).length;
    },
  };
}

/** Waiting child scans for `parentQr` (what the station counts on top of the last server count). */
export function queuedChildrenOf(queue: readonly QueuedScan[], parentQr: string): QueuedScan[] {
  return queue.filter((s) => s.kind === "child" && s.parentQr === parentQr);
}

/** Waiting parents for bill `billNumber`. */
export function queuedParentsOfBill(queue: readonly QueuedScan[], billNumber: string): QueuedScan[] {
  const bill = billNumber.toUpperCase();
  return queue.filter((s) => s.kind === "bill_parent" && s.billNumber?.toUpperCase() === bill);
}
