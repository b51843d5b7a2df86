import { openDB, type DBSchema, type IDBPDatabase } from "idb";
import type { ConflictEntry, OfflineStore, QueuedScan } from "@/lib/offline/queue";

// The offline queue in IndexedDB: kept across reloads and browser restarts, one database for the
// device with every record tagged by its user (so another user's waiting scans can be counted,
// and are never read as this user's). A thin adapter: the logic lives in lib/offline.

const DB_NAME = "tracetrack-offline";
const DB_VERSION = 1;

type StoredScan = QueuedScan & { seq?: number };

interface OfflineDb extends DBSchema {
  // `seq` (auto-increment) is the order scans were made in; `byUser` lists one user's in that order.
  queue: { key: number; value: StoredScan; indexes: { byUser: string; byKey: string } };
  conflicts: { key: number; value: ConflictEntry; indexes: { byUser: string; byKey: string } };
}

function strip<T extends object, K extends keyof T>(value: T, key: K): Omit<T, K> {
  const copy = { ...value };
  delete copy[key];
  return copy;
}

/** Opens the device's offline database; null when the browser refuses IndexedDB (private mode, policy). */
export async function openIdbOfflineStore(): Promise<OfflineStore | null> {
  if (typeof indexedDB === "undefined") return null;
  let db: IDBPDatabase<OfflineDb>;
  try {
    db = await openDB<OfflineDb>(DB_NAME, DB_VERSION, {
      upgrade(database) {
        const queue = database.createObjectStore("queue", { keyPath: "seq", autoIncrement: true });
        queue.createIndex("byUser", "userId");
        queue.createIndex("byKey", "key", { unique: true });
        const conflicts = database.createObjectStore("conflicts", { keyPath: "id", autoIncrement: true });
        conflicts.createIndex("byUser", "userId");
        conflicts.createIndex("byKey", "key", { unique: true });
      },
    });
  } catch {
    return null;
  }

  return {
    async pending(userId) {
      const rows = await db.getAllFromIndex("queue", "byUser", userId);
      return rows.map((row) => strip(row, "seq"));
    },
    async add(scan) {
      const tx = db.transaction("queue", "readwrite");
      // A scan is kept once per key, however often the station hands it over.
      if ((await tx.store.index("byKey").getKey(scan.key)) === undefined) await tx.store.add(strip(scan as StoredScan, "seq"));
      await tx.done;
    },
    async remove(key) {
      const tx = db.transaction("queue", "readwrite");
      const seq = await tx.store.index("byKey").getKey(key);
      if (seq !== undefined) await tx.store.delete(seq);
      await tx.done;
    },
    async moveToConflicts(conflict) {
      const tx = db.transaction(["queue", "conflicts"], "readwrite");
      const queue = tx.objectStore("queue");
      const conflicts = tx.objectStore("conflicts");
      const seq = await queue.index("byKey").getKey(conflict.key);
      if (seq !== undefined) await queue.delete(seq);
      if ((await conflicts.index("byKey").getKey(conflict.key)) === undefined) await conflicts.add(strip(conflict, "id"));
      await tx.done;
    },
    async conflicts(userId) {
      return db.getAllFromIndex("conflicts", "byUser", userId);
    },
    async clearConflict(userId, id) {
      const tx = db.transaction("conflicts", "readwrite");
      const row = await tx.store.get(id);
      if (row?.userId === userId) await tx.store.delete(id);
      await tx.done;
    },
    async clearConflicts(userId) {
      const tx = db.transaction("conflicts", "readwrite");
      for (let cursor = await tx.store.index("byUser").openCursor(userId); cursor; cursor = await cursor.continue()) await cursor.delete();
      await tx.done;
    },
    async othersWaiting(userId) {
      const [all, mine] = await Promise.all([db.count("queue"), db.countFromIndex("queue", "byUser", userId)]);
      return all - mine;
    },
  };
}
