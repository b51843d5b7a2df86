import { sql } from "drizzle-orm";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ImportResult } from "@/lib/dto/imports";
import { readImportJobFor } from "@/lib/server/imports/jobs";
import { copyFromStdin, selectRows } from "@/db/client";
import { copyText } from "@/lib/server/imports/staging";
import { ImportRejected, runImport, type RunImportInput } from "@/lib/server/imports/run";
import { returnBag } from "@/lib/server/returns/scan";
import { createTicket } from "@/lib/server/returns/tickets";
import { scanChild } from "@/lib/server/scan/scan-child";
import { scanParent } from "@/lib/server/scan/scan-parent";
import type { Actor } from "@/lib/server/service";
import { readStats } from "@/lib/server/stats/read";
import { createMemoryStatsStore, setStatsStore } from "@/lib/server/stats/store";
import { csvOf, labelBatchXlsx, parentBillXlsx, sheetXlsx } from "../fixtures/imports";
import { ctxOf } from "../support/context";
import { setupTestDb, truncateAll, usingPostgres } from "../support/db";
import { makeUser } from "../support/factories";
import { countAll, driftedFollows, refusalOf } from "../support/scan";

delete process.env.REDIS_URL;
const db = setupTestDb();
const store = createMemoryStatsStore();

let admin: Actor;
let otherAdmin: Actor;

beforeAll(() => setStatsStore(store));
beforeEach(async () => {
  await truncateAll(db());
  await db().rows(sql`truncate table customers restart identity cascade`);
  admin = await makeUser(db().db, "admin");
  otherAdmin = await makeUser(db().db, "admin");
});

const run = (input: Omit<RunImportInput, "fileName"> & { fileName?: string }, actor = admin) =>
  runImport(ctxOf(db().db, actor), { fileName: "bags.csv", ...input });

// Whatever an import wrote or rolled back, the bags' copies of their parent and bill agree with links and bill_bags.
afterEach(async () => {
  expect(await driftedFollows(db())).toEqual([]);
});

/** The rejected real run's result (409 import_rejected). */
async function rejected(p: Promise<ImportResult>): Promise<ImportResult> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ImportRejected) {
      expect(err.status).toBe(409);
      expect(err.code).toBe("import_rejected");
      return err.result;
    }
    throw err;
  }
  throw new Error("expected import_rejected");
}

const BAGS_HEADER = ["parent_qr", "child_qr", "area"];
function bagsCsv(parent: string, children: readonly string[], area = "lucknow") {
  return csvOf([BAGS_HEADER, ...children.map((c) => [parent, c, area])]);
}

async function parentRow(qr: string) {
  const [row] = await db().rows<{ child_count: number; status: string; dispatch_area: string; links: number }>(
    sql`select p.child_count, p.status, p.dispatch_area, (select count(*)::int from links l where l.parent_bag_id = p.id) as links from bags p where p.qr = ${qr}`,
  );
  return row;
}

describe("bags import", () => {
  it("a dry run checks every row and writes nothing", async () => {
    const before = await countAll(db());
    const result = await run({ kind: "bags", data: bagsCsv("SB10001", ["1000001", "1000002", "1000003"]), dryRun: true });
    expect(result).toMatchObject({ dryRun: true, applied: false, summary: { rows: 3, ok: 3, failed: 0 } });
    expect(result.counts).toMatchObject({ parentsCreated: 1, childrenCreated: 3, linksCreated: 3 });
    expect(result.rows.map((r) => r.row)).toEqual([2, 3, 4]);
    expect(await countAll(db())).toEqual(before);
    expect(await db().rows(sql`select 1 from audit_log where action = 'import_applied'`)).toHaveLength(0);
  });

  it("imports parents, children and links with exact counts, status, counters and one audit row", async () => {
    const all0 = await readStats("all", store);
    const area0 = await readStats("area:indore", store);
    const children = Array.from({ length: 30 }, (_, i) => String(2000001 + i));
    const data = csvOf([BAGS_HEADER, ...children.map((c) => ["SB10002", c, "Indore"]), ["M444-10003", "2100001", "indore"], ["M444-10004", "", "indore"]]);
    const result = await run({ kind: "bags", data, dryRun: false });
    expect(result).toMatchObject({ applied: true, summary: { rows: 32, ok: 32, failed: 0 }, counts: { parentsCreated: 3, childrenCreated: 31, linksCreated: 31 } });
    expect(await parentRow("SB10002")).toEqual({ child_count: 30, status: "completed", dispatch_area: "indore", links: 30 });
    expect(await parentRow("M444-10003")).toEqual({ child_count: 1, status: "in_progress", dispatch_area: "indore", links: 1 });
    expect(await parentRow("M444-10004")).toEqual({ child_count: 0, status: "pending", dispatch_area: "indore", links: 0 });
    const [kids] = await db().rows<{ n: number }>(sql`select count(*)::int as n from bags where type = 'child' and dispatch_area = 'indore'`);
    expect(kids?.n).toBe(31);
    const all1 = await readStats("all", store);
    const area1 = await readStats("area:indore", store);
    expect(all1.parentBags - all0.parentBags).toBe(3);
    expect(all1.childBags - all0.childBags).toBe(31);
    expect(area1.childBags - area0.childBags).toBe(31);
    const audits = await db().rows<{ details: { kind: string; fileName: string; childrenCreated: number } }>(
      sql`select details from audit_log where action = 'import_applied'`,
    );
    expect(audits).toHaveLength(1);
    expect(audits[0]?.details).toMatchObject({ kind: "bags", fileName: "bags.csv", rows: 32, childrenCreated: 31, parentsCreated: 3 });
  });

  it("a file with one bad row imports nothing and reports that row", async () => {
    const before = await countAll(db());
    const data = csvOf([BAGS_HEADER, ["SB10005", "3000001", "jaipur"], ["SB10005", "SB99", "jaipur"], ["SB10005", "3000003", "jaipur"]]);
    const result = await rejected(run({ kind: "bags", data, dryRun: false }));
    expect(result.summary).toEqual({ rows: 3, ok: 2, failed: 1 });
    expect(result.rows.filter((r) => !r.ok)).toEqual([{ row: 3, ok: false, code: "invalid_qr", message: expect.stringContaining("SB99") }]);
    expect(await countAll(db())).toEqual(before);
  });

  it("refuses a child already on another parent with the code and words a scan gives", async () => {
    const ctx = ctxOf(db().db, admin);
    await scanParent(ctx, { qr: "SB10006", area: "lucknow" });
    await scanChild(ctx, { parentQr: "SB10006", qr: "4000001" });
    await scanParent(ctx, { qr: "SB10007", area: "lucknow" });
    const scan = await refusalOf(scanChild(ctx, { parentQr: "SB10007", qr: "4000001" }));
    expect(scan.code).toBe("linked_elsewhere");
    const result = await rejected(run({ kind: "bags", data: bagsCsv("SB10007", ["4000002", "4000001"]), dryRun: false }));
    expect(result.rows.find((r) => r.row === 3)).toEqual({ row: 3, ok: false, code: "linked_elsewhere", message: scan.message });
    expect((await parentRow("SB10007"))?.child_count).toBe(0);
  });

  it("matches headers by name in any case and order; a re-scanned child is a harmless duplicate", async () => {
    await run({ kind: "bags", data: bagsCsv("SB10008", ["5000001"]), dryRun: false });
    const data = csvOf([["AREA", "Child_QR", "Parent QR", "notes"], ["Lucknow", "5000001", "sb10008", "x"], ["lucknow", "5000002", "SB10008", ""]]);
    const result = await run({ kind: "bags", data, dryRun: false });
    expect(result.rows).toEqual([
      { row: 2, ok: true, code: "duplicate", message: expect.stringContaining("already in parent SB10008") },
      { row: 3, ok: true },
    ]);
    expect(await parentRow("SB10008")).toMatchObject({ child_count: 2, links: 2, status: "in_progress" });
  });

  it("applies the scan's other rules: wrong type, capacity, areas and repeats within the file", async () => {
    await run({ kind: "bags", data: bagsCsv("SB10009", ["6000001"], "hisar"), dryRun: false });
    const over = Array.from({ length: 15 }, (_, i) => ["M444-10010", String(6100001 + i), "hisar"]);
    const data = csvOf([
      BAGS_HEADER,
      ["6000001", "6000002", "hisar"], // a child label as parent
      ["SB10009", "SB10011", "hisar"], // a parent label as child
      ["SB10009", "6000003", "ranchi"], // another area than the parent's
      ["SB10012", "6000004", "nowhere"],
      ["SB10013", "6000005", ""], // a new parent without an area
      ...over,
      ["M444-10010", "6100099", "hisar"], // the 16th child of a moong parent
      ["SB10014", "6100001", "hisar"], // a child twice in the file
    ]);
    const result = await rejected(run({ kind: "bags", data, dryRun: true }).then(async (r) => {
      if (r.summary.failed > 0) throw new ImportRejected(r);
      return r;
    }));
    const codes = Object.fromEntries(result.rows.filter((r) => !r.ok).map((r) => [r.row, r.code]));
    expect(codes).toEqual({
      2: "wrong_type",
      3: "wrong_type",
      4: "wrong_area",
      5: "invalid_area",
      6: "area_required",
      22: "parent_full",
      23: "duplicate_in_file",
    });
    expect(result.summary).toMatchObject({ rows: 22, failed: 7 });
  });
});

describe("label-printer batch", () => {
  it("is parsed into parents and children and imported with the area chosen on the form", async () => {
    const sb = Array.from({ length: 30 }, (_, i) => 16557 + i);
    const m444 = [16600, 16601, 16602];
    const data = await labelBatchXlsx([
      { parent: "SB20001", children: sb },
      { parent: "M444-20002", children: m444 },
    ]);
    const dry = await run({ kind: "labels", fileName: "batch.xlsx", data, area: "akola", dryRun: true });
    expect(dry.summary).toEqual({ rows: 35, ok: 35, failed: 0 });
    expect(await countAll(db())).toMatchObject({ bags: 0, links: 0 });
    const result = await run({ kind: "labels", fileName: "batch.xlsx", data, area: "akola", dryRun: false });
    expect(result.counts).toMatchObject({ parentsCreated: 2, childrenCreated: 33, linksCreated: 33 });
    expect(await parentRow("SB20001")).toEqual({ child_count: 30, status: "completed", dispatch_area: "akola", links: 30 });
    expect(await parentRow("M444-20002")).toEqual({ child_count: 3, status: "in_progress", dispatch_area: "akola", links: 3 });
    const [child] = await db().rows<{ qr: string }>(sql`select c.qr from bags c join links l on l.child_bag_id = c.id join bags p on p.id = l.parent_bag_id where p.qr = 'M444-20002' order by c.qr limit 1`);
    expect(child?.qr).toBe("0016600");
  });

  it("reports children without a parent row and a parent without children", async () => {
    const data = await sheetXlsx([
      ["Sr. No.", "QR Code"],
      ["Parent Code", "SB20003"],
      [1, "LABEL NO.:0017001 LOT NO.:X"],
      [2, "hello"],
    ]);
    const result = await run({ kind: "labels", fileName: "b.xlsx", data, area: "akola", dryRun: true });
    expect(Object.fromEntries(result.rows.filter((r) => !r.ok).map((r) => [r.row, r.code]))).toEqual({ 2: "empty_parent", 3: "no_parent", 4: "unrecognised_row" });
  });

  it("needs the area", async () => {
    const data = await labelBatchXlsx([{ parent: "SB20004", children: [1] }]);
    expect((await refusalOf(run({ kind: "labels", fileName: "b.xlsx", data }))).status).toBe(400);
  });
});

describe("bills import", () => {
  it("creates bills with their parents, linked counts, customers and exact counters", async () => {
    await run({ kind: "bags", data: csvOf([BAGS_HEADER, ["SB30001", "7000001", "raipur"], ["SB30002", "", "raipur"], ["M444-30003", "", "raipur"]]), dryRun: false });
    const stats0 = await readStats("all", store);
    const data = await sheetXlsx([
      ["Parent_QR", "Vehicle", "Customer", "Capacity", "Bill_Number"],
      ["SB30001", "RJ 14 GB 1234", "Agro Traders", 3, "IMP-1"],
      ["SB30002", "", "", 3, "IMP-1"],
      ["M444-30003", "", "agro traders", 1, "IMP-2"],
      ["", "", "", 5, "IMP-3"],
    ]);
    const result = await run({ kind: "bills", fileName: "bills.xlsx", data, dryRun: false });
    expect(result.counts).toMatchObject({ billsCreated: 3, billParentsAdded: 3 });
    const rows = await db().rows<{ bill_number: string; status: string; linked_count: number; rows: number; customer: string | null; vehicle_number: string | null }>(
      sql`select b.bill_number, b.status, b.linked_count, (select count(*)::int from bill_bags bb where bb.bill_id = b.id) as rows,
                 (select name from customers c where c.id = b.customer_id) as customer, b.vehicle_number
            from bills b order by b.bill_number`,
    );
    expect(rows).toEqual([
      { bill_number: "IMP-1", status: "processing", linked_count: 2, rows: 2, customer: "Agro Traders", vehicle_number: "RJ 14 GB 1234" },
      { bill_number: "IMP-2", status: "processing", linked_count: 1, rows: 1, customer: "Agro Traders", vehicle_number: null },
      { bill_number: "IMP-3", status: "new", linked_count: 0, rows: 0, customer: null, vehicle_number: null },
    ]);
    const stats1 = await readStats("all", store);
    expect(stats1.bills).toEqual({ ...stats0.bills, processing: (stats0.bills?.processing ?? 0) + 2, new: (stats0.bills?.new ?? 0) + 1 });
  });

  it("refuses a parent on another bill, an existing bill, an unknown parent and more parents than the capacity", async () => {
    await run({ kind: "bags", data: csvOf([BAGS_HEADER, ["SB30004", "", "raipur"], ["SB30005", "", "raipur"], ["SB30006", "", "raipur"], ["SB30007", "", "raipur"]]), dryRun: false });
    await run({ kind: "bills", fileName: "b.csv", data: csvOf([["bill_number", "capacity", "parent_qr"], ["IMP-4", 2, "SB30004"]]), dryRun: false });
    const result = await rejected(
      run({
        kind: "bills",
        fileName: "b.csv",
        data: csvOf([
          ["bill_number", "capacity", "parent_qr"],
          ["IMP-5", 1, "SB30004"],
          ["imp-4", 2, "SB30005"],
          ["IMP-6", 1, "SB39999"],
          ["IMP-7", 1, "SB30006"],
          ["IMP-7", 1, "SB30007"],
          ["IMP-8", 0, ""],
        ]),
        dryRun: false,
      }),
    );
    expect(Object.fromEntries(result.rows.filter((r) => !r.ok).map((r) => [r.row, r.code]))).toEqual({
      2: "on_other_bill",
      3: "duplicate_bill",
      4: "parent_not_found",
      6: "bill_full",
      7: "invalid_input",
    });
    expect(result.rows.find((r) => r.row === 2)?.message).toBe("Parent SB30004 is already on bill IMP-4. Remove it from that bill first.");
    const [n] = await db().rows<{ n: number }>(sql`select count(*)::int as n from bills`);
    expect(n?.n).toBe(1);
  });
});

describe("staging (COPY on PostgreSQL, unnest on PGlite)", () => {
  it(`loads rows with ${usingPostgres ? "COPY FROM STDIN on the transaction's connection" : "unnest (PGlite has no COPY client)"}`, async () => {
    const n = await db().db.transaction(async (tx) => {
      await tx.execute(sql`create temp table copy_probe (a text, b int) on commit drop`);
      const stream = await copyFromStdin(tx, "copy_probe (a, b)");
      expect(stream === null).toBe(!usingPostgres);
      if (!stream) return null;
      await new Promise<void>((resolve, reject) => stream.write(`${copyText("x\\y")}\t1\n${copyText(null)}\t2\n`, (err) => (err ? reject(err) : resolve())));
      await new Promise<void>((resolve) => stream.end(resolve));
      const [row] = await selectRows<{ n: number; a: string }>(tx, sql`select count(*)::int as n, min(a) as a from copy_probe`);
      return row;
    });
    if (usingPostgres) expect(n).toEqual({ n: 2, a: "x\\y" });
  });

  it("keeps backslashes, quotes and separators in values exactly", async () => {
    await run({ kind: "bags", data: csvOf([BAGS_HEADER, ["SB30041", "", "akola"]]), dryRun: false });
    const customer = 'Shah \\ Sons, "Ltd" \\N';
    await run({ kind: "bills", fileName: "b.csv", data: csvOf([["bill_number", "capacity", "customer", "parent_qr"], ["ESC-1", 1, customer, "SB30041"]]), dryRun: false });
    const [row] = await db().rows<{ name: string }>(sql`select c.name from bills b join customers c on c.id = b.customer_id where b.bill_number = 'ESC-1'`);
    expect(row?.name).toBe(customer);
  });
});

describe("parent→bill label batch", () => {
  it("creates one bill per run of parents, its capacity the run's length, with bill_bags and linked counts", async () => {
    await run({ kind: "bags", data: csvOf([BAGS_HEADER, ...["SB30021", "SB30022", "SB30023"].map((p) => [p, "", "hisar"])]), dryRun: false });
    const data = await parentBillXlsx([
      { bill: "DISP-1", parents: ["SB30021", "SB30022"] },
      { bill: "DISP-2", parents: ["SB30023"] },
    ]);
    const dry = await run({ kind: "labels", fileName: "dispatch.xlsx", data });
    expect(dry.summary).toEqual({ rows: 3, ok: 3, failed: 0 });
    expect((await db().rows(sql`select 1 from bills`)).length).toBe(0);
    await run({ kind: "labels", fileName: "dispatch.xlsx", data, dryRun: false });
    const bills = await db().rows<{ bill_number: string; capacity: number; linked_count: number; status: string; rows: number }>(
      sql`select b.bill_number, b.capacity, b.linked_count, b.status, (select count(*)::int from bill_bags bb where bb.bill_id = b.id) as rows from bills b order by b.bill_number`,
    );
    expect(bills).toEqual([
      { bill_number: "DISP-1", capacity: 2, linked_count: 2, status: "processing", rows: 2 },
      { bill_number: "DISP-2", capacity: 1, linked_count: 1, status: "processing", rows: 1 },
    ]);
  });

  it("refuses parents after the last bill row, a bill row with no parents and a parent on another bill", async () => {
    await run({ kind: "bags", data: csvOf([BAGS_HEADER, ...["SB30031", "SB30032"].map((p) => [p, "", "hisar"])]), dryRun: false });
    await run({ kind: "bills", fileName: "b.csv", data: csvOf([["bill_number", "capacity", "parent_qr"], ["OLD-1", 1, "SB30031"]]), dryRun: false });
    const data = await parentBillXlsx([
      { bill: "DISP-3", parents: ["SB30031"] },
      { bill: "DISP-4", parents: [] },
      { bill: null, parents: ["SB30032"] },
    ]);
    const result = await rejected(run({ kind: "labels", fileName: "dispatch.xlsx", data, dryRun: false }));
    expect(Object.fromEntries(result.rows.filter((r) => !r.ok).map((r) => [r.row, r.code]))).toEqual({ 2: "on_other_bill", 4: "empty_bill", 5: "no_bill" });
    const [n] = await db().rows<{ n: number }>(sql`select count(*)::int as n from bills`);
    expect(n?.n).toBe(1);
  });
});

describe("bills import and return tickets", () => {
  it("refuses a parent held on an open return ticket with the code billing gives", async () => {
    await run({ kind: "bags", data: csvOf([BAGS_HEADER, ["SB30011", "", "raipur"]]), dryRun: false });
    await run({ kind: "bills", fileName: "b.csv", data: csvOf([["bill_number", "capacity", "parent_qr"], ["IMP-11", 1, "SB30011"]]), dryRun: false });
    const ctx = ctxOf(db().db, admin);
    const ticket = await createTicket(ctx, { area: "raipur" });
    await returnBag(ctx, { code: ticket.code, qr: "SB30011" });
    const result = await rejected(
      run({ kind: "bills", fileName: "b.csv", data: csvOf([["bill_number", "capacity", "parent_qr"], ["IMP-12", 1, "SB30011"]]), dryRun: false }),
    );
    expect(result.rows.find((r) => r.row === 2)).toMatchObject({ ok: false, code: "parent_on_return" });
    expect(result.rows.find((r) => r.row === 2)?.message).toContain(ticket.code);
    const [n] = await db().rows<{ n: number }>(sql`select count(*)::int as n from bills where bill_number = 'IMP-12'`);
    expect(n?.n).toBe(0);
  });
});

describe("files refused before any row is checked", () => {
  const codeOf = async (input: Partial<RunImportInput>) => {
    const refusal = await refusalOf(run({ kind: "bags", data: Buffer.from("x"), ...input }));
    return `${refusal.status} ${refusal.code}`;
  };

  it("names each problem", async () => {
    expect(await codeOf({ fileName: "bags.xls", data: Buffer.from("PK\u0003\u0004") })).toBe("400 unsupported_file_type");
    expect(await codeOf({ fileName: "bags.xlsx", data: Buffer.from("this is not a workbook") })).toBe("400 not_a_spreadsheet");
    expect(await codeOf({ fileName: "bags.xlsx", data: Buffer.concat([Buffer.from("PK\u0003\u0004"), Buffer.alloc(200, 7)]) })).toBe("400 not_a_spreadsheet");
    expect(await codeOf({ fileName: "bags.csv", data: Buffer.from([0x70, 0x00, 0xff, 0xfe]) })).toBe("400 not_a_spreadsheet");
    expect(await codeOf({ fileName: "bags.csv", data: Buffer.alloc(0) })).toBe("400 empty_file");
    expect(await codeOf({ fileName: "bags.csv", data: Buffer.from("parent_qr,child_qr,area\r\n") })).toBe("400 empty_file");
    expect(await codeOf({ fileName: "bags.csv", data: csvOf([["parent_qr", "area"], ["SB1", "x"]]) })).toBe("400 missing_columns");
    const formula = await sheetXlsx([BAGS_HEADER, ["SB40001", "8000001", "lucknow"]]);
    const ExcelJS = (await import("exceljs")).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(formula as unknown as ArrayBuffer);
    const ws = wb.getWorksheet(1);
    if (!ws) throw new Error("no sheet");
    ws.getCell("B2").value = { formula: "CONCAT(\"800\",\"0001\")", result: "8000001" } as never;
    const withFormula = Buffer.from(await wb.xlsx.writeBuffer());
    const refusal = await refusalOf(run({ kind: "bags", fileName: "f.xlsx", data: withFormula }));
    expect(refusal).toMatchObject({ status: 400, code: "formula_cell", message: expect.stringContaining("B2") });
    expect(await codeOf({ fileName: "bags.csv", data: Buffer.alloc(20 * 1024 * 1024 + 1, 0x41) })).toBe("413 file_too_large");
    const many = Buffer.from(`parent_qr,child_qr,area\n${"SB1,1,x\n".repeat(200_001)}`);
    expect(await codeOf({ fileName: "bags.csv", data: many })).toBe("413 too_many_rows");
  });
});

describe("import jobs", () => {
  it("record progress that only the admin who started the job can read", async () => {
    const jobId = crypto.randomUUID();
    await run({ kind: "bags", data: bagsCsv("SB50001", ["9000001"]), dryRun: true, jobId });
    expect(await readImportJobFor(ctxOf(db().db, admin), jobId)).toMatchObject({ id: jobId, phase: "done", processed: 1, total: 1, kind: "bags", dryRun: true });
    expect((await refusalOf(readImportJobFor(ctxOf(db().db, otherAdmin), jobId))).code).toBe("job_not_found");
    expect((await refusalOf(readImportJobFor(ctxOf(db().db, admin), "not-a-uuid"))).code).toBe("job_not_found");
  });

  it("refuse everyone but admins", async () => {
    const biller = await makeUser(db().db, "biller");
    expect((await refusalOf(run({ kind: "bags", data: bagsCsv("SB50002", ["9000002"]) }, biller))).status).toBe(403);
  });
});

describe("a large file", () => {
  it(`imports ${usingPostgres ? "100,000" : "6,000"} rows set-wise`, async () => {
    const rows = usingPostgres ? 100_000 : 6_000;
    const lines = ["parent_qr,child_qr,area"];
    for (let i = 0; i < rows; i += 1) lines.push(`SB${String(60000 + Math.floor(i / 30)).padStart(5, "0")},${String(10_000_000 + i)},bathinda`);
    const data = Buffer.from(lines.join("\n"));
    const stats0 = await readStats("area:bathinda", store);
    const started = performance.now();
    const result = await run({ kind: "bags", data, dryRun: false, fileName: "big.csv" });
    const ms = Math.round(performance.now() - started);
    console.log(`[imports] ${rows} rows (${(data.length / 1e6).toFixed(1)} MB CSV) on ${usingPostgres ? "PostgreSQL" : "PGlite"}: ${ms} ms (server-side ${result.durationMs} ms)`);
    expect(result.summary).toEqual({ rows, ok: rows, failed: 0 });
    expect(result.rows.length).toBeLessThanOrEqual(1000);
    expect(result.okRowsOmitted).toBe(rows - result.rows.length);
    const [agg] = await db().rows<{ parents: number; full: number; links: number }>(
      sql`select count(*)::int as parents, count(*) filter (where status = 'completed' and child_count = 30)::int as full,
                 (select count(*)::int from links) as links from bags where type = 'parent'`,
    );
    expect(agg).toEqual({ parents: Math.ceil(rows / 30), full: Math.floor(rows / 30), links: rows });
    const stats1 = await readStats("area:bathinda", store);
    expect(stats1.childBags - stats0.childBags).toBe(rows);
  }, 120_000);
});
