import "server-only";
import { escapeLike } from "../like";
import { and, desc, gte, lt, or, sql, type AnyColumn, type SQL } from "drizzle-orm";
import { bills, gatePasses } from "@/db/schema";
import type { PassPage } from "@/lib/dto/passes";
import { normalizeVehicleNumber } from "@/lib/passes";
import { keysetCursorOf } from "@/lib/schemas/keyset";
import { PassFilters, type PassFilterStatus } from "@/lib/schemas/passes";
import { istDayBounds } from "@/lib/time";
import type { ServiceContext } from "../service";
import { parseInput } from "../validation";
import { assertMayViewPasses } from "./get";
import { passDtosOf, selectPasses } from "./read";

export const PASS_PAGE_SIZE = 50;

const contains = (column: SQL | AnyColumn, needle: string) => sql`${column} ilike ${`%${escapeLike(needle)}%`}`;

/**
 * The list's status filter as SQL, `now` being the page's clock (the same rules as passStatusOf;
 * a pass not yet valid lists under active).
 */
export function passStatusCondition(status: PassFilterStatus, clock: Date): SQL {
  // As text with a cast: postgres.js does not serialise a Date inside raw SQL.
  const now = sql`${clock.toISOString()}::timestamptz`;
  const unused = sql`${gatePasses.usedAt} is null`;
  switch (status) {
    case "active":
      return sql`${gatePasses.state} = 'active' and ${unused} and ${gatePasses.validUntil} >= ${now}`;
    case "used":
      return sql`${gatePasses.usedAt} is not null`;
    case "expired":
      return sql`(${gatePasses.state} = 'expired' or (${gatePasses.state} = 'active' and ${unused} and ${gatePasses.validUntil} < ${now}))`;
    case "revoked":
      return sql`${gatePasses.state} = 'revoked'`;
  }
}

/** The filters' conditions, without the keyset cursor (shared by the list and its CSV). */
export function passFilterConditions(f: PassFilters, now: Date): (SQL | undefined)[] {
  const fromDay = f.from ? istDayBounds(f.from) : null;
  const toDay = f.to ? istDayBounds(f.to) : null;
  let search: SQL | undefined;
  if (f.q) {
    const vehicle = normalizeVehicleNumber(f.q);
    search = or(
      contains(gatePasses.code, f.q.toUpperCase()),
      vehicle ? contains(gatePasses.vehicleNumber, vehicle) : undefined,
      contains(gatePasses.driverName, f.q),
      contains(bills.billNumber, f.q),
    );
  }
  return [
    search,
    f.status ? passStatusCondition(f.status, now) : undefined,
    fromDay ? gte(gatePasses.createdAt, fromDay.start) : undefined,
    toDay ? lt(gatePasses.createdAt, toDay.end) : undefined,
  ];
}

/**
 * One page of passes, newest first, keyset on (created_at, id) (gate_passes_created_idx). The
 * payload is left out of list rows (a page of QR payloads is one leak away from 50 passes).
 */
export async function listPasses(ctx: ServiceContext, filters: unknown): Promise<PassPage> {
  assertMayViewPasses(ctx);
  const f = parseInput(PassFilters, filters);
  const now = new Date();
  const after = f.after ?? f.cursor;
  const limit = f.limit ?? PASS_PAGE_SIZE;
  const rows = await selectPasses(
    ctx.db,
    and(
      ...passFilterConditions(f, now),
      after ? sql`(${gatePasses.createdAt}, ${gatePasses.id}) < (${after.createdAt}::timestamptz, ${after.id})` : undefined,
    ),
  )
    .orderBy(desc(gatePasses.createdAt), desc(gatePasses.id))
    .limit(limit + 1);
  const shown = rows.slice(0, limit);
  const last = shown[shown.length - 1];
  const passes = await passDtosOf(ctx.db, shown, { withPayload: false, now });
  return { passes, nextCursor: rows.length > limit && last ? keysetCursorOf(last) : null };
}
