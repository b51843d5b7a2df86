import "server-only";
import type { BagType, BillStatus, DispatchArea } from "@/lib/domain";
import { istDay } from "@/lib/time";
import { bagKey, billKey, DAY_TTL_S, hourlyKey, istHour, scansKey, scopesFor, userScansKey } from "./keys";

/** One counter adjustment: INCRBY on a key, or HINCRBY on a hash field. */
export interface CounterOp {
  key: string;
  field?: string;
  by: number;
  ttlS?: number;
}

/**
 * What a mutation changed, collected inside its transaction and applied to the counters only
 * after the commit (bumpStats), so a rolled-back write never moves a counter.
 */
export class StatsChange {
  private readonly ops = new Map<string, CounterOp>();

  private add(key: string, by: number, field?: string, ttlS?: number): void {
    const id = field === undefined ? key : `${key}\u0000${field}`;
    const op = this.ops.get(id);
    if (op) op.by += by;
    else this.ops.set(id, { key, field, by, ttlS });
  }

  /** A bag of `type` created (+1) or moved away from (−1) `area`. */
  bag(type: BagType, area: DispatchArea | null, by: number): this {
    for (const scope of scopesFor(area)) this.add(bagKey(scope, type), by);
    return this;
  }

  /** A bill entering `to` from `from` (null: created / deleted). */
  billStatus(from: BillStatus | null, to: BillStatus | null): this {
    if (from === to) return this;
    if (from) this.add(billKey(from), -1);
    if (to) this.add(billKey(to), 1);
    return this;
  }

  /** One counted scan by `userId` in `area`, at `at` (IST day and hour). */
  scan(area: DispatchArea | null, userId: string, at = new Date()): this {
    const day = istDay(at);
    const hour = String(istHour(at));
    for (const scope of scopesFor(area)) {
      this.add(scansKey(scope, day), 1, undefined, DAY_TTL_S);
      this.add(hourlyKey(scope, day), 1, hour, DAY_TTL_S);
    }
    this.add(userScansKey(day), 1, userId, DAY_TTL_S);
    return this;
  }

  toOps(): CounterOp[] {
    return [...this.ops.values()].filter((op) => op.by !== 0);
  }
}
