import ExcelJS from "exceljs";
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { GET as exportRoute } from "@/app/api/exports/[file]/route";
import { auditLog, bags, scans } from "@/db/schema";
import type { AuditPage } from "@/lib/dto/audit";
import type { BagListRow } from "@/lib/dto/bags";
import type { BillListRow } from "@/lib/dto/bills";
import { neutraliseFormula } from "@/lib/csv";
import { AuditFilters } from "@/lib/schemas/auth";
import { parseBagListFilters } from "@/lib/schemas/bags";
import { parseBillListFilters } from "@/lib/schemas/bills";
import { readFilters } from "@/lib/schemas/filters";
import { listAuditLog } from "@/lib/server/admin/audit-log-queries";
import { audit } from "@/lib/server/audit";
import type { SessionUser } from "@/lib/server/auth/session";
import { listBags } from "@/lib/server/bags/list";
import { addParentToBill } from "@/lib/server/bills/parents";
import { listBills } from "@/lib/server/bills/queries";
import { exportFilename, exportStream } from "@/lib/server/exports/stream";
import type { Actor } from "@/lib/server/service";
import { createMemoryStatsStore, setStatsStore } from "@/lib/server/stats/store";
import { auditRowsOf, labelMaker, makeBill, makeParent } from "../support/bill-factories";
import { ctxOf, routeSessionOf } from "../support/context";
import { setupTestDb, truncateAll } from "../support/db";
import { makeUser } from "../support/factories";

delete process.env.REDIS_URL;

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/server/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/server/auth/session")>()),
  getCurrentUser: async () => session.user,
}));
const signIn = (actor: Actor | null) => (session.user = actor ? routeSessionOf(actor) : null);

const db = setupTestDb();
const labels = labelMaker(6);
const IST_MS = 330 * 60_000;
const stamp = (d: Date | string) => new Date(new Date(d).getTime() + IST_MS).toISOString().slice(0, 16).replace("T", " ");
const FORMULAS = ['=HYPERLINK("x")', "+1", "@x", "-2"];

let admin: Actor;
let biller: Actor;
let dispatcher: Actor;
let indore: Actor;

beforeAll(async () => {
  setStatsStore(createMemoryStatsStore());
  await truncateAll(db());
  admin = await makeUser(db().db, "admin");
  biller = await makeUser(db().db, "biller");
  dispatcher = await makeUser(db().db, "dispatcher", "lucknow");
  indore = await makeUser(db().db, "dispatcher", "indore");
  // Parents (full, partial, empty; SB and M444), with their children and links, some on bills.
  const parents = [
    await makeParent(db().db, labels, { kind: "SB", children: 3 }),
    await makeParent(db().db, labels, { kind: "M444", children: 2 }),
    await makeParent(db().db, labels, { kind: "SB", children: 0 }),
    await makeParent(db().db, labels, { kind: "SB", children: 1 }),
  ];
  await db().db.update(bags).set({ createdBy: dispatcher.id, createdAt: new Date("2025-03-31T20:00:00Z") }).where(eq(bags.id, parents[3]?.id ?? 0));
  await db().db.insert(bags).values([
    { qr: "SB69999", type: "parent", capacity: 30, dispatchArea: "indore", createdBy: indore.id, createdAt: new Date("2025-03-30T10:00:00Z") },
    { qr: "6990001", type: "child", dispatchArea: "indore", createdBy: indore.id },
  ]);
  // Bills: vehicles that read as formulas; parents on two of them; one without parents.
  for (const [i, vehicle] of FORMULAS.entries()) {
    const bill = await makeBill(db().db, biller, labels, { capacity: 3, vehicleNumber: vehicle, customer: i === 0 ? "Agro Traders" : undefined });
    const p = i === 0 ? [parents[0], parents[1]] : i === 1 ? [parents[3]] : [];
    for (const parent of p) await addParentToBill(ctxOf(db().db, biller), { billNumber: bill.billNumber, qr: parent?.qr });
  }
  // Scans by two users in two areas; one undone.
  const [parentRow] = await db().db.select({ id: bags.id }).from(bags).where(eq(bags.qr, parents[0]?.qr ?? "")).limit(1);
  await db().db.insert(scans).values([
    { userId: dispatcher.id, action: "parent", result: "ok", qr: parents[0]?.qr, parentBagId: parentRow?.id, dispatchArea: "lucknow", createdAt: new Date("2025-04-01T04:00:00Z") },
    { userId: dispatcher.id, action: "child", result: "linked", qr: "=1+1", parentBagId: parentRow?.id, dispatchArea: "lucknow", createdAt: new Date("2025-04-01T05:00:00Z"), undoneAt: new Date("2025-04-01T05:01:00Z") },
    { userId: indore.id, action: "parent", result: "not_found", qr: "SB00000", dispatchArea: "indore", createdAt: new Date("2025-04-02T05:00:00Z") },
  ]);
  // An audit row whose entity id and details read as formulas.
  await audit(db().db, ctxOf(db().db, admin), { action: "bag_deleted", entityType: "bag", entityId: "@SUM(A1)", details: { note: "=HYPERLINK(\"http://x\")" } });
});

/** RFC 4180 text → rows of cells (quoted cells may hold commas, doubled quotes and line ends). */
function csvCells(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  const body = text.replace(/^\uFEFF/, "");
  for (let i = 0; i < body.length; i += 1) {
    const ch = body[i];
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\r" && body[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i += 1;
    } else cell += ch;
  }
  return rows;
}

async function csvOf(actor: Actor, what: "bags" | "links" | "scans" | "bills" | "audit", query: Record<string, string> = {}) {
  const file = await exportStream(ctxOf(db().db, actor), what, "csv", new URLSearchParams(query));
  expect(file.filename).toMatch(new RegExp(`^${what}_\\d{8}_\\d{4}\\.csv$`));
  const rows = csvCells(await new Response(file.body).text());
  return { header: rows[0] ?? [], rows: rows.slice(1) };
}

async function xlsxOf(actor: Actor, what: "bags" | "links" | "scans" | "bills" | "audit", query: Record<string, string> = {}) {
  const file = await exportStream(ctxOf(db().db, actor), what, "xlsx", new URLSearchParams(query));
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await new Response(file.body).arrayBuffer());
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error("no sheet");
  const rows: unknown[][] = [];
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return { name: sheet.name, header: rows[0] ?? [], rows: rows.slice(1) };
}

describe("bags export", () => {
  const COMBOS: Record<string, string>[] = [
    {},
    { type: "parent" },
    { q: "sb6" },
    { area: "indore" },
    { linked: "linked", type: "child" },
    { billed: "billed" },
    { billed: "unbilled", type: "parent" },
    { status: "completed" },
    { from: "2025-03-30", to: "2025-04-01" },
  ];

  it.each(COMBOS)("has the /bags list's rows in its order for %o", async (query) => {
    const expected: BagListRow[] = [];
    for (let after: string | undefined; ; ) {
      const page = await listBags(db().db, admin, parseBagListFilters({ ...query, ...(after ? { after } : {}) }));
      expected.push(...page.rows);
      if (!page.nextCursor) break;
      after = page.nextCursor;
    }
    const { header, rows } = await csvOf(admin, "bags", query);
    expect(header).toEqual(["QR", "Type", "Status", "Children", "Capacity", "Area", "Parent QR", "Bill", "Created (IST)", "Created by"]);
    expect(rows.map((r) => r[0])).toEqual(expected.map((b) => b.qr));
    rows.forEach((r, i) => {
      const b = expected[i];
      if (!b) throw new Error("no row");
      expect([r[1], r[5], r[6], r[8], r[9]]).toEqual([b.type, b.dispatchArea ?? "", b.parentQr ?? "", stamp(b.createdAt), b.createdBy ?? ""]);
      expect(r[3]).toBe(b.type === "parent" ? String(b.childCount) : "");
    });
  });

  it("names a parent's bill and a packed child's bill (through its parent)", async () => {
    const { rows } = await csvOf(admin, "bags", { billed: "billed" });
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.every((r) => /^INV-6-\d+$/.test(r[7] ?? ""))).toBe(true);
  });

  it("writes an XLSX with a bold header, the same rows, and dates as IST dates", async () => {
    const csv = await csvOf(admin, "bags", { type: "parent" });
    const x = await xlsxOf(admin, "bags", { type: "parent" });
    expect(x.name).toBe("Bags");
    expect(x.header).toEqual(csv.header);
    expect(x.rows.map((r) => r[0])).toEqual(csv.rows.map((r) => r[0]));
    const created = x.rows[0]?.[8];
    expect(created).toBeInstanceOf(Date);
    expect((created as Date).toISOString().slice(0, 16).replace("T", " ")).toBe(csv.rows[0]?.[8]);
    expect(typeof x.rows[0]?.[3]).toBe("number");
  });
});

describe("bills export", () => {
  it.each<Record<string, string>>([{}, { status: "processing" }, { q: "inv-6-1" }, { user: "" }])("has the /bills list's bills in its order, one row per parent, for %o", async (query) => {
    const expected: BillListRow[] = [];
    for (let after: string | undefined; ; ) {
      const page = await listBills(db().db, parseBillListFilters({ ...query, ...(after ? { after } : {}) }));
      expected.push(...page.rows);
      if (!page.nextCursor) break;
      after = page.nextCursor;
    }
    const { header, rows } = await csvOf(biller, "bills", query);
    expect(header.slice(0, 3)).toEqual(["Bill number", "Status", "Customer"]);
    expect(header.slice(-3)).toEqual(["Parent QR", "Parent children", "Parent added (IST)"]);
    const billsInOrder = rows.map((r) => r[0]).filter((n, i, all) => i === 0 || all[i - 1] !== n);
    expect(billsInOrder).toEqual(expected.map((b) => b.billNumber));
    for (const b of expected) {
      const mine = rows.filter((r) => r[0] === b.billNumber);
      expect(mine.length).toBe(Math.max(1, b.linkedCount));
      for (const r of mine) {
        expect(r.slice(4, 9)).toEqual([b.capacity, b.linkedCount, b.childCount, b.actualWeightKg, b.expectedWeightKg].map(String));
        expect(r[9]).toBe(stamp(b.createdAt));
        expect(r[10]).toBe(b.createdBy ?? "");
      }
      if (b.linkedCount === 0) expect(mine[0]?.[12]).toBe("");
      else expect(mine.map((r) => Number(r[13])).reduce((a, n) => a + n, 0)).toBe(b.childCount);
    }
  });

  it("neutralises formula cells in CSV and XLSX alike", async () => {
    const csv = await csvOf(biller, "bills");
    const vehicles = csv.rows.map((r) => r[3]);
    for (const f of FORMULAS) expect(vehicles).toContain(`'${f}`);
    const x = await xlsxOf(biller, "bills");
    const xv = x.rows.map((r) => r[3]);
    for (const f of FORMULAS) expect(xv).toContain(`'${f}`);
    expect(xv.some((v) => typeof v === "object" && v !== null && "formula" in v)).toBe(false);
  });
});

describe("links and scans exports", () => {
  it("lists every link newest first, filtered by the parent's area and who linked", async () => {
    const [{ n } = { n: 0 }] = await db().rows<{ n: number }>(sql`select count(*)::int as n from links`);
    const all = await csvOf(admin, "links");
    expect(all.header).toEqual(["Parent QR", "Child QR", "Area", "Linked (IST)", "Linked by"]);
    expect(all.rows.length).toBe(n);
    expect((await csvOf(admin, "links", { area: "indore" })).rows).toEqual([]);
    expect((await csvOf(admin, "links", { area: "lucknow" })).rows.length).toBe(n);
  });

  it("lists scans newest first with user, area and day filters, the undone one marked", async () => {
    const all = await csvOf(admin, "scans");
    expect(all.header).toEqual(["Time (IST)", "User", "Action", "Result", "QR", "Parent QR", "Child QR", "Area", "Undone (IST)"]);
    expect(all.rows.map((r) => r[3])).toEqual(["not_found", "linked", "ok"]);
    expect(all.rows[1]?.[4]).toBe("'=1+1");
    expect(all.rows[1]?.[8]).toBe(stamp("2025-04-01T05:01:00Z"));
    expect((await csvOf(admin, "scans", { user: dispatcher.username })).rows.map((r) => r[3])).toEqual(["linked", "ok"]);
    expect((await csvOf(admin, "scans", { area: "indore" })).rows.map((r) => r[1])).toEqual([indore.username]);
    expect((await csvOf(admin, "scans", { from: "2025-04-02", to: "2025-04-02" })).rows.length).toBe(1);
  });
});

describe("audit export", () => {
  it.each<Record<string, string>>([{}, { action: "bill_created" }, { user: "(the admin)" }])("has the viewer's entries in its order for %o", async (given) => {
    const query = given.user ? { user: admin.username } : given;
    const filters = readFilters(AuditFilters, query).filters;
    const expected: AuditPage["rows"] = [];
    for (let after: string | undefined; ; ) {
      const page = await listAuditLog(db().db, { ...filters, after: after ? readFilters(AuditFilters, { after }).filters.after : undefined });
      expected.push(...page.rows);
      if (!page.nextCursor) break;
      after = page.nextCursor;
    }
    const before = (await auditRowsOf(db().db, "export_downloaded")).length;
    const { rows } = await csvOf(admin, "audit", query);
    // The export's own audit row is written as it starts, so it is the newest entry of an unfiltered file.
    const own = rows.length - expected.length;
    expect(own).toBe(Object.keys(query).length === 0 || query.user ? 1 : 0);
    expect(rows.slice(own).map((r) => [r[2], r[4]])).toEqual(expected.map((e) => [e.action, neutraliseFormula(e.entityId ?? "")]));
    expect((await auditRowsOf(db().db, "export_downloaded")).length).toBe(before + 1);
  });

  it("neutralises the formula-looking entity id and keeps snapshots as JSON text", async () => {
    const { rows } = await csvOf(admin, "audit", { action: "bag_deleted" });
    expect(rows[0]?.[4]).toBe("'@SUM(A1)");
    expect(JSON.parse(rows[0]?.[11] ?? "null")).toEqual({ note: '=HYPERLINK("http://x")' });
    const x = await xlsxOf(admin, "audit", { action: "bag_deleted" });
    expect(x.rows[0]?.[4]).toBe("'@SUM(A1)");
  });
});

const get = (path: string) => new Request(`http://localhost${path}`, { method: "GET" });
const call = (file: string, query = "") => exportRoute(get(`/api/exports/${encodeURIComponent(file)}${query}`), { params: Promise.resolve({ file }) });

describe("GET /api/exports/[file]", () => {
  it("streams an attachment, audited with what, format and filters when it starts", async () => {
    signIn(admin);
    const res = await call("bags.csv", "?type=parent&area=lucknow&after=2025-01-01T00:00:00.000000Z_1");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="bags_\d{8}_\d{4}\.csv"$/);
    const [row] = (await auditRowsOf(db().db, "export_downloaded")).slice(-1);
    expect(row).toMatchObject({ userId: admin.id, details: { what: "bags", format: "csv", filters: { type: "parent", area: "lucknow" } } });
    // The BOM (which Response.text() would strip), then the header.
    expect(new TextDecoder("utf-8", { ignoreBOM: true }).decode(await res.arrayBuffer()).startsWith("\uFEFFQR,Type,")).toBe(true);
    const x = await call("bills.xlsx");
    expect(x.headers.get("content-type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(exportFilename("bills", "xlsx", new Date("2026-12-01T10:00:00Z"))).toBe("bills_20261201_1530.xlsx");
  });

  it("lets a biller export bills but nothing else; a dispatcher nothing; nobody signed out", async () => {
    signIn(biller);
    expect((await call("bills.csv")).status).toBe(200);
    for (const file of ["bags.csv", "links.xlsx", "scans.csv", "audit.csv"]) expect((await call(file)).status, file).toBe(403);
    signIn(dispatcher);
    for (const file of ["bills.csv", "bags.csv", "scans.xlsx"]) expect((await call(file)).status, file).toBe(403);
    signIn(null);
    expect((await call("bills.csv")).status).toBe(401);
    await expect(exportStream(ctxOf(db().db, biller), "bags", "csv", new URLSearchParams())).rejects.toMatchObject({ status: 403 });
  });

  it("answers an unknown file with 404 JSON, before the guards", async () => {
    signIn(null);
    for (const file of ["users.csv", "bags.pdf", "BAGS.csv", "bags.csv.exe", "bags", "bags.csv\u0000", "../bags.csv"]) {
      const res = await call(file);
      expect(res.status, file).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("not_found");
    }
  });

  it("refuses bad filters with a 400 naming the field, and audits nothing", async () => {
    signIn(admin);
    const before = (await auditRowsOf(db().db, "export_downloaded")).length;
    const cases: [string, string, string][] = [
      ["bags.csv", "?type=box", "type"],
      ["bags.xlsx", "?from=2026-13-01", "from"],
      ["bags.csv", "?from=2026-04-02&to=2026-04-01", "from"],
      ["bags.csv", "?user=a%00b", "user"],
      ["bags.csv", "?q=%21%21%21", "q"],
      ["bills.csv", "?status=lost", "status"],
      ["links.csv", "?area=mars", "area"],
      ["scans.csv", "?to=2025-02-30", "to"],
      ["audit.csv", "?from=2025-02-30", "from"],
    ];
    for (const [file, query, field] of cases) {
      const res = await call(file, query);
      expect(res.status, `${file}${query}`).toBe(400);
      const body = (await res.json()) as { error: { code: string; fields?: Record<string, string[]> } };
      expect(Object.keys(body.error.fields ?? {}), `${file}${query}`).toContain(field);
    }
    for (const what of ["bags", "links", "scans", "bills", "audit"]) {
      for (const format of ["csv", "xlsx"]) expect((await call(`${what}.${format}`, "?user=a%00b&from=%FF%FE")).status, what).toBe(400);
    }
    expect((await auditRowsOf(db().db, "export_downloaded")).length).toBe(before);
  });
});

describe("no row cap", () => {
  it("exports more than 10,000 rows as CSV and XLSX", async () => {
    await db().rows(sql`insert into bags (qr, type, dispatch_area, created_at)
      select 'X' || lpad(g::text, 7, '0'), 'child', 'lucknow', timestamptz '2024-01-01' + g * interval '1 second' from generate_series(1, 12000) g`);
    const csv = await csvOf(admin, "bags", { q: "X" });
    expect(csv.rows.length).toBe(12_000);
    expect(csv.rows[0]?.[0]).toBe("X0012000");
    expect(csv.rows.at(-1)?.[0]).toBe("X0000001");
    const x = await xlsxOf(admin, "bags", { q: "X" });
    expect(x.rows.length).toBe(12_000);
    expect(await db().db.$count(auditLog, eq(auditLog.action, "export_downloaded"))).toBeGreaterThan(0);
  }, 120_000);
});
