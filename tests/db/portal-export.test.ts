import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { GET as csvRoute } from "@/app/api/portal/bills/export.csv/route";
import { GET as xlsxRoute } from "@/app/api/portal/bills/export.xlsx/route";
import type { PortalBillRow } from "@/lib/dto/portal";
import type { SessionUser } from "@/lib/server/auth/session";
import { EXPORT_COLUMNS, portalExportFilename } from "@/lib/server/portal/export";
import { listPortalBills } from "@/lib/server/portal/list";
import type { Actor } from "@/lib/server/service";
import { createMemoryStatsStore, setStatsStore } from "@/lib/server/stats/store";
import { auditRowsOf, labelMaker } from "../support/bill-factories";
import { routeSessionOf } from "../support/context";
import { setupTestDb } from "../support/db";
import { AGRO, asCtx, BHARAT, makeCustomerBill, makePortalWorld, type PortalWorld } from "./portal-fixtures";

delete process.env.REDIS_URL;

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/server/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/server/auth/session")>()),
  getCurrentUser: async () => session.user,
}));
const signIn = (actor: Actor) => (session.user = routeSessionOf(actor));

const db = setupTestDb();
const labels = labelMaker(3);
let w: PortalWorld;

beforeAll(async () => {
  setStatsStore(createMemoryStatsStore());
  w = await makePortalWorld(db(), labels);
  // More rows than a page, with ties and a formula-looking vehicle for the CSV.
  for (let i = 0; i < 30; i += 1) {
    await makeCustomerBill(db().db, w.biller, labels, {
      customer: i % 2 ? AGRO : BHARAT,
      ...(i % 3 ? { vehicleNumber: i === 1 ? "=HYPERLINK(1)" : `UP32AB${1000 + (i % 4)}` } : {}),
      parents: i % 4 === 0 ? [{ kind: "SB", children: i % 30 }] : [],
    });
  }
});

/** Every row of the grid for `query`, walking its pages as the portal does. */
async function gridRows(actor: Actor, query: Record<string, string>): Promise<PortalBillRow[]> {
  const rows: PortalBillRow[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await listPortalBills(asCtx(db().db, actor), { ...query, limit: "25", ...(cursor ? { cursor } : {}) });
    rows.push(...page.rows);
    if (!page.nextCursor) return rows;
    cursor = page.nextCursor;
  }
}

const get = (path: string) => new Request(`http://localhost${path}`, { method: "GET" });
const NO_SEGMENTS = { params: Promise.resolve({}) };
const IST_MS = 330 * 60_000;

const COMBINATIONS: { name: string; actor: () => Actor; query: Record<string, string> }[] = [
  { name: "an admin, every bill, by customer (nulls last) then id", actor: () => w.admin, query: { sort: "customer", dir: "asc" } },
  { name: "the all-customers account, searching 'agro', by children descending", actor: () => w.everyone, query: { q: "agro", sort: "childCount", dir: "desc" } },
  {
    name: "a two-customer account, one customer, processing, today, by vehicle",
    actor: () => w.bharatChetak,
    query: { customer: "", status: "processing", sort: "vehicleNumber", dir: "desc" },
  },
];

describe("GET /api/portal/bills/export.xlsx", () => {
  it.each(COMBINATIONS.map((c, i) => [c.name, i] as const))("has exactly the grid's rows in its order, typed: %s", async (_name, i) => {
    const combo = COMBINATIONS[i];
    if (!combo) throw new Error("no combination");
    const actor = combo.actor();
    const query: Record<string, string> = { ...combo.query, ...(combo.query.customer === "" ? { customer: w.codes[BHARAT] ?? "", from: todayIst(), to: todayIst() } : {}) };
    const expected = await gridRows(actor, query);
    expect(expected.length).toBeGreaterThan(1);

    signIn(actor);
    const res = await xlsxRoute(get(`/api/portal/bills/export.xlsx?${new URLSearchParams(query)}`), NO_SEGMENTS);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="${portalExportFilename("xlsx")}"`);
    expect(portalExportFilename("xlsx")).toMatch(/^tracetrack-bills-\d{8}\.xlsx$/);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    const sheet = workbook.getWorksheet("Bills");
    if (!sheet) throw new Error("no Bills sheet");
    expect(sheet.rowCount).toBe(expected.length + 1);
    const header = sheet.getRow(1);
    expect(EXPORT_COLUMNS.map((_, c) => header.getCell(c + 1).value)).toEqual(EXPORT_COLUMNS.map((c) => c.header));
    expect(header.getCell(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(sheet.autoFilter).toBeTruthy();
    expect(sheet.getColumn(1).width).toBe(EXPORT_COLUMNS[0]?.width);

    expected.forEach((r, n) => {
      const row = sheet.getRow(n + 2);
      const cell = (c: number) => row.getCell(c).value;
      expect(cell(1)).toBe(r.billNumber);
      const created = cell(2);
      expect(created).toBeInstanceOf(Date);
      // The IST wall clock, to the second (Excel keeps no time zone).
      expect(Math.abs((created as Date).getTime() - (new Date(r.createdAt).getTime() + IST_MS))).toBeLessThan(1000);
      expect(row.getCell(2).numFmt).toBe("dd-mm-yyyy hh:mm");
      expect(cell(3) ?? null).toBe(r.customerName);
      expect(cell(4) ?? null).toBe(r.customerCode);
      expect(cell(5)).toBe(r.status);
      expect([cell(6), cell(7), cell(8), cell(9)]).toEqual([r.parentCount, r.childCount, r.expectedWeightKg, r.actualWeightKg]);
      expect(typeof cell(7)).toBe("number");
      expect(cell(10) ?? null).toBe(r.vehicleNumber);
      const left = cell(11) ?? null;
      if (r.gatePassAt) {
        expect(left).toBeInstanceOf(Date);
        expect(Math.abs((left as Date).getTime() - (new Date(r.gatePassAt).getTime() + IST_MS))).toBeLessThan(1000);
      } else expect(left).toBeNull();
    });

    const [audit] = (await auditRowsOf(db().db, "portal_exported")).slice(-1);
    expect(audit).toMatchObject({ userId: actor.id, details: { format: "xlsx", rows: expected.length, complete: true, filters: { sort: query.sort, dir: query.dir } } });
  });

  it("lets a client cancel part-way: the download ends, the database stays free, the export is audited", async () => {
    signIn(w.admin);
    const before = (await auditRowsOf(db().db, "portal_exported")).length;
    const res = await xlsxRoute(get("/api/portal/bills/export.xlsx?sort=billNumber&dir=asc"), NO_SEGMENTS);
    const reader = res.body?.getReader();
    if (!reader) throw new Error("no body");
    expect((await reader.read()).done).toBe(false);
    await reader.cancel();
    await expect.poll(async () => (await auditRowsOf(db().db, "portal_exported")).length, { timeout: 5000 }).toBe(before + 1);
    expect((await listPortalBills(asCtx(db().db, w.admin), {})).total).toBeGreaterThan(30);
  });

  it("answers bad input with 400 JSON before any byte, and a customer outside the scope too", async () => {
    signIn(w.agro);
    for (const query of ["sort=nope", "from=2026-13-01", `q=${"y".repeat(201)}`, `customer=${w.codes[BHARAT]}`, `as=${w.bharatChetak.id}`]) {
      const res = await xlsxRoute(get(`/api/portal/bills/export.xlsx?${query}`), NO_SEGMENTS);
      expect([400, 403]).toContain(res.status);
      expect(res.headers.get("content-type")).toMatch(/application\/json/);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBeTruthy();
    }
  });
});

function todayIst(): string {
  return new Date(Date.now() + IST_MS).toISOString().slice(0, 10);
}

/** RFC 4180 lines → cells (quoted cells may hold commas and doubled quotes; none holds a line end here). */
function csvCells(text: string): string[][] {
  return text
    .replace(/^\uFEFF/, "")
    .split("\r\n")
    .filter((line) => line.length > 0)
    .map((line) => [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)].filter((m, k, all) => k < all.length - 1 || m[0] !== "").map((m) => (m[1] ?? "").replace(/^"|"$/g, "").replace(/""/g, '"')));
}

describe("GET /api/portal/bills/export.csv", () => {
  it.each(COMBINATIONS.map((c, i) => [c.name, i] as const))("has exactly the grid's rows in its order: %s", async (_name, i) => {
    const combo = COMBINATIONS[i];
    if (!combo) throw new Error("no combination");
    const actor = combo.actor();
    const query: Record<string, string> = { ...combo.query, ...(combo.query.customer === "" ? { customer: w.codes[BHARAT] ?? "", from: todayIst(), to: todayIst() } : {}) };
    const expected = await gridRows(actor, query);
    signIn(actor);
    const res = await csvRoute(get(`/api/portal/bills/export.csv?${new URLSearchParams(query)}`), NO_SEGMENTS);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="${portalExportFilename("csv")}"`);
    const cells = csvCells(await res.text());
    expect(cells[0]).toEqual(EXPORT_COLUMNS.map((c) => c.header));
    expect(cells.slice(1).map((r) => r[0])).toEqual(expected.map((r) => r.billNumber));
    cells.slice(1).forEach((r, n) => {
      const bill = expected[n];
      if (!bill) throw new Error("row without a bill");
      expect(r[1]).toBe(new Date(new Date(bill.createdAt).getTime() + IST_MS).toISOString().slice(0, 16).replace("T", " "));
      expect(r.slice(5, 9)).toEqual([bill.parentCount, bill.childCount, bill.expectedWeightKg, bill.actualWeightKg].map(String));
      // Formula injection: a vehicle that reads as a formula stays text.
      expect(r[9]).toBe(bill.vehicleNumber?.startsWith("=") ? `'${bill.vehicleNumber}` : (bill.vehicleNumber ?? ""));
    });
    if (i === 0) expect(cells.some((r) => r[9] === "'=HYPERLINK(1)")).toBe(true);
    const [audit] = (await auditRowsOf(db().db, "portal_exported")).slice(-1);
    expect(audit).toMatchObject({ details: { format: "csv", rows: expected.length, complete: true } });
  });
});
