import { asc, eq, sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditLog, bags, labelReservations, labelSequences } from "@/db/schema";
import { listReservations } from "@/lib/server/labels/read";
import { printLabels } from "@/lib/server/labels/print";
import { reserveLabels } from "@/lib/server/labels/reserve";
import { highestBagNumber, highestBagQuery, nextFreeLabels } from "@/lib/server/labels/series";
import { billRefusal } from "../support/bill-factories";
import { ctxOf } from "../support/context";
import { setupTestDb, truncateAll } from "../support/db";
import { makeUser } from "../support/factories";

// Label reservations (issue 18) on both tiers: contiguous, disjoint ranges per series that skip
// numbers already on bags, refuse past the series' end, and are audited; printing is audited too.

const db = setupTestDb();
type User = Awaited<ReturnType<typeof makeUser>>;
let biller: User;
let admin: User;
let dispatcher: User;
let gate: User;

const as = (user: User = biller) => ctxOf(db().db, user);

/** A bag inserted directly (as scanning or an import would have left it). */
async function makeBag(qr: string, type: "parent" | "child" = "parent") {
  const capacity = type === "child" ? null : qr.toUpperCase().startsWith("M444") ? 15 : 30;
  await db().db.insert(bags).values({ qr, type, capacity, dispatchArea: "lucknow" });
}

async function reservationRows() {
  return db()
    .db.select({ kind: labelReservations.kind, firstNumber: labelReservations.firstNumber, count: labelReservations.count })
    .from(labelReservations)
    .orderBy(asc(labelReservations.id));
}

async function sequenceOf(kind: "SB" | "M444" | "child") {
  const [row] = await db().db.select({ next: labelSequences.nextNumber }).from(labelSequences).where(eq(labelSequences.kind, kind));
  return row?.next ?? null;
}

async function auditOf(action: string) {
  return db()
    .db.select({ userId: auditLog.userId, entityType: auditLog.entityType, entityId: auditLog.entityId, details: auditLog.details, ip: auditLog.ip })
    .from(auditLog)
    .where(eq(auditLog.action, action))
    .orderBy(asc(auditLog.id));
}

beforeAll(async () => {
  await truncateAll(db());
  biller = await makeUser(db().db, "biller");
  admin = await makeUser(db().db, "admin");
  dispatcher = await makeUser(db().db, "dispatcher");
  gate = await makeUser(db().db, "gate");
});
beforeEach(async () => {
  await db().rows(sql`truncate table audit_log, links, bags, label_reservations, label_sequences restart identity cascade`);
});

describe("reserveLabels", () => {
  it("hands out contiguous, disjoint ranges per series, each series from 1", async () => {
    const a = await reserveLabels(as(), { kind: "SB", count: 3, note: "Lucknow dock" });
    expect(a.reservation).toMatchObject({ kind: "SB", first: "SB00001", last: "SB00003", count: 3, firstNumber: 1, reservedBy: biller.username, note: "Lucknow dock" });
    expect(a.reservation.id).toEqual(expect.any(Number));
    expect(a.reservation.createdAt).toBeInstanceOf(Date);
    const b = await reserveLabels(as(admin), { kind: "sb", count: "5" });
    expect(b.reservation).toMatchObject({ first: "SB00004", last: "SB00008", count: 5, firstNumber: 4, reservedBy: admin.username, note: null });
    const m = await reserveLabels(as(), { kind: "M444", count: 2 });
    expect(m.reservation).toMatchObject({ first: "M444-00001", last: "M444-00002" });
    const c = await reserveLabels(as(), { kind: "child", count: 1000 });
    expect(c.reservation).toMatchObject({ first: "0000001", last: "0001000", count: 1000 });
    const d = await reserveLabels(as(), { kind: "SB", count: 1 });
    expect(d.reservation).toMatchObject({ first: "SB00009", last: "SB00009" });

    expect(await reservationRows()).toEqual([
      { kind: "SB", firstNumber: 1, count: 3 },
      { kind: "SB", firstNumber: 4, count: 5 },
      { kind: "M444", firstNumber: 1, count: 2 },
      { kind: "child", firstNumber: 1, count: 1000 },
      { kind: "SB", firstNumber: 9, count: 1 },
    ]);
    expect(await sequenceOf("SB")).toBe(10);
    expect(await sequenceOf("M444")).toBe(3);
    expect(await sequenceOf("child")).toBe(1001);
  });

  it("starts after the highest bag of the series, whatever its case, and ignores other series and near misses", async () => {
    await makeBag("SB00050");
    await makeBag("sb00070"); // stored before QRs were normalised
    await makeBag("M444-00400");
    await makeBag("0000123", "child");
    // Text that sorts inside the SB range but is no SB label: never taken for one.
    await makeBag("SB99", "child");
    await makeBag("SB0009", "child");
    expect(await highestBagNumber(db().db, "SB")).toBe(70);

    expect((await reserveLabels(as(), { kind: "SB", count: 2 })).reservation).toMatchObject({ first: "SB00071", last: "SB00072" });
    expect((await reserveLabels(as(), { kind: "M444", count: 1 })).reservation).toMatchObject({ first: "M444-00401" });
    expect((await reserveLabels(as(), { kind: "child", count: 1 })).reservation).toMatchObject({ first: "0000124" });
    // A bag scanned later above the reservations moves the next range past it too.
    await makeBag("SB00100");
    expect((await reserveLabels(as(), { kind: "SB", count: 1 })).reservation).toMatchObject({ first: "SB00101" });
    // …and one below them changes nothing.
    await makeBag("SB00080");
    expect((await reserveLabels(as(), { kind: "SB", count: 1 })).reservation).toMatchObject({ first: "SB00102" });
    expect(await sequenceOf("SB")).toBe(103);
  });

  it("starts at the sequence when it is ahead of bags and reservations", async () => {
    await db().db.insert(labelSequences).values({ kind: "M444", nextNumber: 500 });
    await makeBag("M444-00010");
    expect((await reserveLabels(as(), { kind: "M444", count: 2 })).reservation).toMatchObject({ first: "M444-00500", last: "M444-00501" });
  });

  it("starts after the last reservation even if the sequence fell behind it", async () => {
    await reserveLabels(as(), { kind: "SB", count: 10 });
    await db().db.update(labelSequences).set({ nextNumber: 1 }).where(eq(labelSequences.kind, "SB"));
    expect((await reserveLabels(as(), { kind: "SB", count: 1 })).reservation).toMatchObject({ first: "SB00011" });
  });

  it("refuses past the series' last number with labels_exhausted, and reserves nothing", async () => {
    await makeBag("SB99990");
    const refused = await billRefusal(reserveLabels(as(), { kind: "SB", count: 10 }));
    expect(refused).toMatchObject({ status: 409, code: "labels_exhausted" });
    expect(refused.message).toBe("Only 9 SB numbers are left (SB99991–SB99999); you asked for 10. Reserve at most 9.");
    expect(await reservationRows()).toEqual([]);
    expect(await auditOf("labels_reserved")).toEqual([]);
    // The whole transaction rolled back: not even the sequence row (the lock) was left behind.
    expect(await sequenceOf("SB")).toBeNull();

    expect((await reserveLabels(as(), { kind: "SB", count: 9 })).reservation).toMatchObject({ first: "SB99991", last: "SB99999" });
    const none = await billRefusal(reserveLabels(as(), { kind: "SB", count: 1 }));
    expect(none).toMatchObject({ status: 409, code: "labels_exhausted" });
    expect(none.message).toBe("No SB numbers are left: every number up to SB99999 is reserved or on a bag.");
    expect(await reservationRows()).toHaveLength(1);
    // Other series are untouched.
    expect((await reserveLabels(as(), { kind: "M444", count: 1 })).reservation).toMatchObject({ first: "M444-00001" });

    await makeBag("9999999", "child");
    expect(await billRefusal(reserveLabels(as(), { kind: "child", count: 1 }))).toMatchObject({ code: "labels_exhausted" });
    await makeBag("M444-99999");
    expect(await billRefusal(reserveLabels(as(), { kind: "M444", count: 1 }))).toMatchObject({ code: "labels_exhausted" });
  });

  it("audits each reservation (labels_reserved) with the range, count and note", async () => {
    const { reservation } = await reserveLabels(as(), { kind: "SB", count: 24, note: "Sheet for Jaipur" });
    expect(await auditOf("labels_reserved")).toEqual([
      {
        userId: biller.id,
        entityType: "label_reservation",
        entityId: String(reservation.id),
        details: { kind: "SB", first: "SB00001", last: "SB00024", count: 24, note: "Sheet for Jaipur" },
        ip: "10.0.0.7",
      },
    ]);
  });

  it("refuses invalid input with the field that is wrong", async () => {
    expect(await billRefusal(reserveLabels(as(), { kind: "SB", count: 0 }))).toMatchObject({ status: 400, code: "invalid_input", fields: { count: [expect.stringMatching(/1 to 1000/)] } });
    expect(await billRefusal(reserveLabels(as(), { kind: "SB", count: 1001 }))).toMatchObject({ status: 400, fields: { count: expect.any(Array) } });
    expect(await billRefusal(reserveLabels(as(), { kind: "QQ", count: 5 }))).toMatchObject({ status: 400, fields: { kind: ["Choose the label series: SB, M444 or child."] } });
    expect(await billRefusal(reserveLabels(as(), { kind: "SB", count: 5, note: "n".repeat(201) }))).toMatchObject({ status: 400, fields: { note: expect.any(Array) } });
    expect(await reservationRows()).toEqual([]);
  });

  it("refuses a dispatcher, the gate and a customer: nothing reserved, listed or printed", async () => {
    const { reservation } = await reserveLabels(as(), { kind: "SB", count: 2 });
    const customer = await makeUser(db().db, "customer");
    for (const user of [dispatcher, gate, customer]) {
      expect(await billRefusal(reserveLabels(as(user), { kind: "SB", count: 1 }))).toMatchObject({ status: 403, code: "forbidden" });
      expect(await billRefusal(listReservations(as(user)))).toMatchObject({ status: 403 });
      expect(await billRefusal(nextFreeLabels(as(user)))).toMatchObject({ status: 403 });
      expect(await billRefusal(printLabels(as(user), { id: String(reservation.id), format: "a4" }))).toMatchObject({ status: 403 });
    }
    expect(await reservationRows()).toHaveLength(1);
    expect(await auditOf("labels_printed")).toEqual([]);
  });
});

describe("listing and printing reservations", () => {
  it("lists the latest 50, newest first, with who reserved them", async () => {
    for (let i = 0; i < 52; i += 1) await reserveLabels(as(i % 2 ? admin : biller), { kind: "child", count: 1, note: `batch ${i}` });
    const { reservations } = await listReservations(as());
    expect(reservations).toHaveLength(50);
    expect(reservations[0]).toMatchObject({ first: "0000052", note: "batch 51", reservedBy: admin.username, kind: "child" });
    expect(reservations[49]).toMatchObject({ first: "0000003", reservedBy: biller.username });
  });

  it("previews the next free number of each series", async () => {
    await makeBag("SB00041");
    await reserveLabels(as(), { kind: "M444", count: 3 });
    expect(await nextFreeLabels(as())).toEqual([
      { kind: "SB", next: "SB00042", left: 99_958 },
      { kind: "M444", next: "M444-00004", left: 99_996 },
      { kind: "child", next: "0000001", left: 9_999_999 },
    ]);
  });

  it("prints a reservation as A4 or thermal PDF, again and again, auditing every print", async () => {
    const { reservation } = await reserveLabels(as(), { kind: "SB", count: 3 });
    const a4 = await printLabels(as(), { id: String(reservation.id), format: "a4" });
    expect(a4.filename).toBe("labels-SB00001-SB00003-a4.pdf");
    expect(Buffer.from(a4.pdf.subarray(0, 5)).toString("latin1")).toBe("%PDF-");
    const thermal = await printLabels(as(admin), { id: String(reservation.id), format: "thermal" });
    expect(thermal.filename).toBe("labels-SB00001-SB00003-thermal.pdf");
    await printLabels(as(), { id: String(reservation.id) });
    const printed = await auditOf("labels_printed");
    expect(printed.map((r) => [r.userId, r.entityId, (r.details as { format: string }).format])).toEqual([
      [biller.id, String(reservation.id), "a4"],
      [admin.id, String(reservation.id), "thermal"],
      [biller.id, String(reservation.id), "a4"],
    ]);
    expect(printed[0]?.details).toEqual({ kind: "SB", first: "SB00001", last: "SB00003", count: 3, format: "a4" });
  });

  it("answers 404 for a reservation that does not exist and 400 for an unknown format", async () => {
    const { reservation } = await reserveLabels(as(), { kind: "SB", count: 1 });
    for (const id of ["999999", "0", "abc", "1.5"]) {
      expect(await billRefusal(printLabels(as(), { id, format: "a4" }))).toMatchObject({ status: 404, code: "reservation_not_found" });
    }
    expect(await billRefusal(printLabels(as(), { id: String(reservation.id), format: "letter" }))).toMatchObject({ status: 400, fields: { format: expect.any(Array) } });
    expect(await auditOf("labels_printed")).toEqual([]);
  });
});

describe("the highest-bag lookup", () => {
  it("is an ordered index scan of bags_qr_ci_unique, not a scan of the table", async () => {
    // Enough SB parents and 7-digit children that a sequential scan would cost more.
    await db().rows(sql`insert into bags (qr, type, capacity, dispatch_area)
      select 'SB' || lpad(g::text, 5, '0'), 'parent', 30, 'lucknow' from generate_series(1, 3000) g`);
    await db().rows(sql`insert into bags (qr, type, dispatch_area)
      select lpad((1000000 + g)::text, 7, '0'), 'child', 'lucknow' from generate_series(1, 6000) g`);
    await db().rows(sql`analyze bags`);
    expect(await highestBagNumber(db().db, "SB")).toBe(3000);
    expect(await highestBagNumber(db().db, "child")).toBe(1_006_000);
    expect(await highestBagNumber(db().db, "M444")).toBe(0);
    for (const kind of ["SB", "M444", "child"] as const) {
      const plan = await db().rows<{ "QUERY PLAN": string }>(sql`explain ${highestBagQuery(kind)}`);
      const text = plan.map((r) => r["QUERY PLAN"]).join("\n");
      expect(text, kind).toMatch(/Index (Only )?Scan Backward using bags_qr_ci_unique/);
      expect(text, kind).not.toMatch(/Seq Scan|Sort/);
    }
  });
});
