// retryDeadlocks (lib/server/db-errors.ts): a transaction PostgreSQL aborts to break a deadlock
// runs again, from the outermost caller only, at most three times in all.
import { sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { bags } from "@/db/schema";
import { isDeadlock, isUniqueViolation, retryDeadlocks } from "@/lib/server/db-errors";
import { setupTestDb, usingPostgres } from "../support/db";
import { truncateScanData } from "../support/scan";

const db = setupTestDb();
beforeEach(async () => truncateScanData(db()));

/** What postgres.js raises for a broken deadlock, as Drizzle wraps it. */
const deadlock = () => Object.assign(new Error("Failed query"), { cause: Object.assign(new Error("deadlock detected"), { code: "40P01" }) });

describe("retryDeadlocks", () => {
  it("runs the work again after a deadlock, three times in all, and lets other errors through at once", async () => {
    let runs = 0;
    await expect(
      retryDeadlocks(db().db, async () => {
        runs += 1;
        throw deadlock();
      }),
    ).rejects.toSatisfy(isDeadlock);
    expect(runs).toBe(3);

    runs = 0;
    expect(await retryDeadlocks(db().db, async () => (runs += 1) < 2 ? Promise.reject(deadlock()) : "done")).toBe("done");
    expect(runs).toBe(2);

    runs = 0;
    await expect(retryDeadlocks(db().db, async () => { runs += 1; throw new Error("other"); })).rejects.toThrow("other");
    expect(runs).toBe(1);
  });

  it("does not re-run inside a transaction: the deadlock aborted the caller's, which must run again itself", async () => {
    let runs = 0;
    const outcome = await db()
      .db.transaction((tx) =>
        retryDeadlocks(tx, async () => {
          runs += 1;
          throw deadlock();
        }),
      )
      .catch((err: unknown) => err);
    expect(isDeadlock(outcome)).toBe(true);
    expect(runs).toBe(1);
  });

  it("knows a unique violation on either driver, as Drizzle wraps it", async () => {
    await db().db.insert(bags).values({ qr: "3000009", type: "child" });
    const err = await db()
      .db.insert(bags)
      .values({ qr: "3000009", type: "child" })
      .then(() => null, (e: unknown) => e);
    expect(isUniqueViolation(err)).toBe(true);
    expect(isDeadlock(err)).toBe(false);
    expect(isUniqueViolation(new Error("other"))).toBe(false);
    expect(isUniqueViolation(null)).toBe(false);
  });

  // PGlite has one connection: no two transactions, no deadlock.
  it.skipIf(!usingPostgres)("two transactions locking two rows in opposite orders both commit: PostgreSQL aborts one, which runs again", async () => {
    await db().db.insert(bags).values([{ qr: "3100001", type: "child" }, { qr: "3100002", type: "child" }]);
    let bothHoldOne = () => {};
    let held = 0;
    const barrier = new Promise<void>((resolve) => (bothHoldOne = resolve));
    const runs = [0, 0];
    const crossing = (first: string, second: string, who: 0 | 1) =>
      retryDeadlocks(db().db, () =>
        db().db.transaction(async (tx) => {
          runs[who] = (runs[who] ?? 0) + 1;
          await tx.execute(sql`update bags set updated_at = now() where qr = ${first}`);
          if (runs[who] === 1) {
            held += 1;
            if (held === 2) bothHoldOne();
            await barrier;
          }
          await tx.execute(sql`update bags set updated_at = now() where qr = ${second}`);
          return who;
        }),
      );
    expect(await Promise.all([crossing("3100001", "3100002", 0), crossing("3100002", "3100001", 1)])).toEqual([0, 1]);
    // Exactly one of them was PostgreSQL's victim and ran twice.
    expect([...runs].sort()).toEqual([1, 2]);
  });
});
