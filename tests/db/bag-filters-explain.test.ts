import { sql, type SQLWrapper } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { parseBagListFilters } from "@/lib/schemas/bags";
import { countBagsQuery, listBagsQuery, resolveBagFilters, type ResolvedBagFilters } from "@/lib/server/bags/list";
import { MIN_SUBSTRING_LENGTH, substringMatchesQuery } from "@/lib/server/bags/lookup";
import { setupTestDb, usingPostgres } from "../support/db";
import { seedBagFilters, type BagFilterSeed } from "./bag-filters-seed";

// Every combination of the bag list's filters (each absent or set; two sets of values), for a
// dispatcher (area fixed) and an admin, built by the list's own code (listBagsQuery,
// countBagsQuery) and EXPLAINed on 200k bags: no plan reads bags or links sequentially. A plan
// can still "use an index" and read most of the table (walking bags_created_idx for a rare
// creator), so every page and count is also run with EXPLAIN ANALYZE: a page may read at most a
// fifth of the bags, and the slowest are printed. PostgreSQL only: its planner is production's.

const db = setupTestDb();
const BAGS = 200_000;
/** Bag rows one page (51 rows) may read; an empty result may read its whole index range. */
const PAGE_READ_LIMIT = BAGS / 5;
/** A table this big is never read sequentially by a list, count or lookup. */
const BIG_TABLE_ROWS = 10_000;
const FILTERS = ["type", "status", "area", "from", "to", "q", "user", "linked", "billed"] as const;
type FilterName = (typeof FILTERS)[number];
const VIEWERS = {
  dispatcher: { role: "dispatcher" as const, dispatchArea: "lucknow" as const },
  admin: { role: "admin" as const, dispatchArea: null },
};

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  "Actual Rows"?: number;
  "Actual Loops"?: number;
  "Rows Removed by Filter"?: number;
  "Rows Removed by Index Recheck"?: number;
  Plans?: PlanNode[];
}
interface Explained {
  Plan: PlanNode;
  "Execution Time"?: number;
}

async function explain(query: SQLWrapper, analyze = false): Promise<Explained> {
  const [row] = await db().rows<{ "QUERY PLAN": Explained[] | string }>(sql`explain (${sql.raw(analyze ? "analyze, " : "")}format json) ${query}`);
  const plan = row?.["QUERY PLAN"];
  const parsed = typeof plan === "string" ? (JSON.parse(plan) as Explained[]) : plan;
  if (!parsed?.[0]) throw new Error("no plan");
  return parsed[0];
}

function nodesOf(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(nodesOf)];
}

/** The tables of `tables` the plan reads with a Seq Scan. */
function readSequentially(plan: PlanNode, tables: Set<string>): string[] {
  return nodesOf(plan)
    .filter((n) => n["Node Type"] === "Seq Scan" && tables.has(n["Relation Name"] ?? ""))
    .map((n) => n["Relation Name"] ?? "");
}

/** Rows of `bags` the executed plan looked at: returned, filtered out or rechecked away, every loop. */
function bagRowsRead(plan: PlanNode): number {
  return nodesOf(plan)
    .filter((n) => n["Relation Name"] === "bags")
    .reduce((sum, n) => sum + ((n["Actual Rows"] ?? 0) + (n["Rows Removed by Filter"] ?? 0) + (n["Rows Removed by Index Recheck"] ?? 0)) * (n["Actual Loops"] ?? 1), 0);
}

/** "Index Scan bags (bags_created_idx), Index Only Scan links (links_child_unique), …" */
function shape(plan: PlanNode): string {
  return nodesOf(plan)
    .filter((n) => n["Relation Name"] || n["Index Name"])
    .map((n) => [n["Node Type"], n["Relation Name"], n["Index Name"] && `(${n["Index Name"]})`].filter(Boolean).join(" "))
    .join(", ");
}

/** All 2^9 combinations of the filters, each absent or set to its value. */
function combinations(values: Record<FilterName, string>): { label: string; params: Partial<Record<FilterName, string>> }[] {
  return Array.from({ length: 2 ** FILTERS.length }, (_, mask) => {
    const on = FILTERS.filter((_, bit) => mask & (1 << bit));
    return { label: on.map((name) => `${name}=${values[name]}`).join(" ") || "(none)", params: Object.fromEntries(on.map((name) => [name, values[name]])) };
  });
}

type Built = { label: string; params: Partial<Record<FilterName, string>>; page: SQLWrapper; count: SQLWrapper };

/** Each viewer × combination, as listBags and countBags build them (the user looked up first, as they do). */
async function statements(values: Record<FilterName, string>): Promise<Built[]> {
  const built: Built[] = [];
  for (const [who, viewer] of Object.entries(VIEWERS)) {
    for (const { label, params } of combinations(values)) {
      const filters: ResolvedBagFilters = await resolveBagFilters(db().db, parseBagListFilters(params));
      built.push({ label: `${who} ${label}`, params, page: listBagsQuery(db().db, viewer, filters), count: countBagsQuery(db().db, viewer, filters) });
    }
  }
  return built;
}

describe.skipIf(!usingPostgres)(`bag list filters on ${BAGS.toLocaleString("en")} bags (PostgreSQL)`, () => {
  let seed: BagFilterSeed;
  let big: Set<string>;
  let valueSets: Record<"rare" | "common", Record<FilterName, string>>;

  beforeAll(async () => {
    seed = await seedBagFilters(db(), BAGS);
    const sizes = await db().rows<{ name: string; n: number }>(
      sql`select relname as name, reltuples::float8 as n from pg_class where relname in ('bags', 'links', 'bill_bags', 'bills', 'users')`,
    );
    big = new Set(sizes.filter((t) => t.n >= BIG_TABLE_ROWS).map((t) => t.name));
    valueSets = {
      // Values that match few bags (the rare creator: ≈ 0.1 %): plans most tempted to walk far for little.
      rare: { type: "parent", status: "pending", area: "indore", from: seed.olderDay, to: seed.recentDay, q: "SB0012", user: seed.rareUser, linked: "unlinked", billed: "billed" },
      common: { type: "child", status: "completed", area: "indore", from: seed.olderDay, to: seed.recentDay, q: "0012", user: "bf_lucknow_1", linked: "linked", billed: "unbilled" },
    };
  }, 120_000);

  it("seeds bags and links big enough for the planner to choose", () => {
    expect(seed.bags).toBeGreaterThanOrEqual(BAGS * 0.95);
    expect([...big].sort()).toEqual(["bags", "links"]);
  });

  // Linked and billed are read off the bag row (parent_bag_id, bill_id, kept by triggers), and the
  // rare sides have partial indexes: no count reads bags sequentially either.
  it.each(["rare", "common"] as const)("plans every combination of %s values, page and count, with indexes", async (set) => {
    const found: string[] = [];
    for (const { label, page, count } of await statements(valueSets[set])) {
      const pagePlan = (await explain(page)).Plan;
      if (readSequentially(pagePlan, big).length > 0) found.push(`page ${label}: ${shape(pagePlan)}`);
      const countPlan = (await explain(count)).Plan;
      if (readSequentially(countPlan, big).length > 0) found.push(`count ${label}: ${shape(countPlan)}`);
    }
    expect(found).toEqual([]);
  }, 120_000);

  it.each(["rare", "common"] as const)("runs every page of %s values reading at most a fifth of the bags, and prints the slowest", async (set) => {
    const runs: { what: "page" | "count"; label: string; ms: number; read: number; plan: string }[] = [];
    for (const built of await statements(valueSets[set])) {
      for (const what of ["page", "count"] as const) {
        const explained = await explain(built[what], true);
        runs.push({ what, label: built.label, ms: explained["Execution Time"] ?? 0, read: bagRowsRead(explained.Plan), plan: shape(explained.Plan) });
      }
    }
    for (const what of ["page", "count"] as const) {
      const slowest = runs.filter((r) => r.what === what).sort((a, b) => b.ms - a.ms).slice(0, 5);
      console.log(
        `[bag filters] slowest ${what}s of ${set} values on ${seed.bags} bags:\n` +
          slowest.map((r) => `  ${r.ms.toFixed(1).padStart(7)} ms ${String(r.read).padStart(7)} bags read  ${r.label}\n      ${r.plan}`).join("\n"),
      );
    }
    const heavy = runs.filter((r) => r.what === "page" && r.read > PAGE_READ_LIMIT);
    expect(heavy.map((r) => `${r.label}: ${r.read} bags read (${r.plan})`)).toEqual([]);
  }, 180_000);

  it("finds a piece of a QR through the trigram index, and a common piece without reading the table", async () => {
    // Five digits of children's labels, and three that most children's labels hold.
    const terms = ["12345", "000"];
    expect(Math.min(...terms.map((t) => t.length))).toBeGreaterThanOrEqual(MIN_SUBSTRING_LENGTH);
    const lines: string[] = [];
    for (const term of terms) {
      for (const [who, viewer] of Object.entries(VIEWERS)) {
        const { Plan, "Execution Time": ms = 0 } = await explain(substringMatchesQuery(db().db, viewer, term, 10), true);
        lines.push(`  ${ms.toFixed(1).padStart(7)} ms ${String(bagRowsRead(Plan)).padStart(7)} bags read  "${term}" ${who}: ${shape(Plan)}`);
        expect(readSequentially(Plan, big)).toEqual([]);
        expect(bagRowsRead(Plan)).toBeLessThanOrEqual(PAGE_READ_LIMIT);
        if (term === "12345") expect(shape(Plan)).toContain("bags_qr_trgm_idx");
      }
    }
    console.log(`[bag filters] lookup "contains" on ${seed.bags} bags:\n${lines.join("\n")}`);
  });
});
