import "server-only";
import { sql } from "drizzle-orm";
import { selectRows, type Tx } from "@/db/client";
import type { PortalBillPage } from "@/lib/dto/portal";
import { PortalListQuery, type PortalFilters } from "@/lib/schemas/portal";
import type { ServiceContext } from "../service";
import { parseInput } from "../validation";
import { afterCursor, decodeCursor, encodeCursor, type SortValue } from "./cursor";
import { gridOrder, gridWhere, ROW_COLUMNS, rowOf, sortKeyOf, type PortalRowSql } from "./query";
import { portalRead } from "./read";
import { customerInScope, portalScopeOf, type PortalScope } from "./scope";

/** The grid's set as a query: the caller's scope and the filters, the customer code resolved in scope. */
export interface PortalGrid {
  scope: PortalScope;
  filters: PortalFilters;
  customerId: number | undefined;
}

/** The scope of `filters.as` and the customer filter resolved within it (400 outside it). */
export async function resolveGrid(tx: Tx, scope: PortalScope, filters: PortalFilters): Promise<PortalGrid> {
  const customerId = filters.customer ? await customerInScope(tx, scope, filters.customer) : undefined;
  return { scope, filters, customerId };
}

/**
 * One page of the portal grid (DESIGN.md §6b): the caller's bills, filtered, searched and sorted
 * (stable: ties broken on the id), keyset-paginated, with the size of the whole filtered set.
 * Reads only the portal views, inside portalRead (read-only, as the portal role where it exists).
 */
export async function listPortalBills(ctx: ServiceContext, input: unknown): Promise<PortalBillPage> {
  const query = parseInput(PortalListQuery, input);
  const { sort, dir, limit } = query;
  const after = query.cursor ? decodeCursor(query.cursor, sort, dir) : null;
  const scope = await portalScopeOf(ctx, query.as);
  return portalRead(ctx.db, async (tx) => {
    const grid = await resolveGrid(tx, scope, query);
    const where = gridWhere(grid.scope, grid.filters, grid.customerId);
    // The set's size and the page: independent reads, pipelined on the transaction's connection
    // (one wake-up for both answers instead of a round trip each).
    const [[count], rows] = await Promise.all([
      selectRows<{ n: number }>(tx, sql`select count(*)::int as n from portal_bills as pb where ${where}`),
      selectRows<PortalRowSql & { k: SortValue }>(
        tx,
        sql`select ${ROW_COLUMNS}, ${sortKeyOf(sort)} as k from portal_bills as pb
             where ${where} ${after ? sql`and ${afterCursor(sort, dir, after)}` : sql``}
             order by ${gridOrder(sort, dir)} limit ${limit + 1}`,
      ),
    ]);
    const shown = rows.slice(0, limit);
    const last = shown[shown.length - 1];
    return {
      rows: shown.map(rowOf),
      total: count?.n ?? 0,
      nextCursor: rows.length > limit && last ? encodeCursor(sort, dir, last.k, last.id) : null,
    };
  });
}
