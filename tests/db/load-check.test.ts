import { eq, sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { GET as getCheckRoute, POST as postCheckRoute } from "@/app/api/bills/[billNumber]/check/route";
import { createLoadCheckMemory, loadCheckMemoryKey, parseLoadCheckMemory } from "@/components/load-check/load-check-memory";
import { initialLoadCheck, labelsToSave, reduceLoadCheck, viewOf, type LoadCheckEvent } from "@/components/load-check/load-check-state";
import { auditLog, bags, billBags, bills, loadChecks } from "@/db/schema";
import type { LoadCheckDto } from "@/lib/dto/load-check";
import type { SessionUser } from "@/lib/server/auth/session";
import { loadDispatchSheet } from "@/lib/server/bills/dispatch-sheet";
import { classifyLoadScan, previewLoadCheck, saveLoadCheck } from "@/lib/server/bills/load-check";
import { lastLoadCheckOfBill, loadCheckOfBill } from "@/lib/server/bills/load-check-queries";
import { addParentToBill } from "@/lib/server/bills/parents";
import { completeBill } from "@/lib/server/bills/state";
import type { Actor } from "@/lib/server/service";
import { billRefusal, countTable, labelMaker, makeBill, makeBillRoles, makeParent, must, truncateBillData, type BillTestUser } from "../support/bill-factories";
import { ctxOf, routeSessionOf } from "../support/context";
import { setupTestDb, usingPostgres } from "../support/db";

// No REDIS_URL: the in-process absorber (a parent goes on a bill once anyway).
delete process.env.REDIS_URL;

// Only who is signed in is replaced (getCurrentUser reads the session cookie, which needs a Next
// request); the real guards and permission matrix decide. The database is real.
const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/server/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/server/auth/session")>()),
  getCurrentUser: async () => session.user,
}));

const db = setupTestDb();
const labels = labelMaker(7);
const ORIGIN = "http://localhost";
let biller: BillTestUser;
let admin: BillTestUser;
let dispatcher: BillTestUser;

// Principals the route tests sign in as without an account row (the guards read only the session).
const GATE: Actor & { role: "gate" } = { id: "00000000-0000-4000-8000-00000000ga7e", username: "gate-x", role: "gate", dispatchArea: null };
const CUSTOMER: Actor & { role: "customer" } = { id: "00000000-0000-4000-8000-0000c0570me5", username: "dealer-x", role: "customer", dispatchArea: null };

function signIn(user: (Actor & { role: SessionUser["role"] }) | null) {
  session.user = user && routeSessionOf(user);
}

function request(method: string, path: string, body?: unknown) {
  return new Request(`${ORIGIN}${path}`, {
    method,
    headers: { "content-type": "application/json", origin: ORIGIN },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
const params = (billNumber: string) => ({ params: Promise.resolve({ billNumber: encodeURIComponent(billNumber) }) });

async function postCheck(billNumber: string, body: unknown) {
  const res = await postCheckRoute(request("POST", `/api/bills/${encodeURIComponent(billNumber)}/check`, body), params(billNumber));
  return { status: res.status, body: (await res.json()) as { check: LoadCheckDto } & { error?: { code: string; message: string } } };
}
async function getCheck(billNumber: string) {
  const res = await getCheckRoute(request("GET", `/api/bills/${encodeURIComponent(billNumber)}/check`), params(billNumber));
  return { status: res.status, body: (await res.json()) as { check: LoadCheckDto } & { error?: { code: string; message: string } } };
}

/** A bill with `n` parents put on through the bill verb (in that loading order). */
async function billWithParents(n: number, input: Record<string, unknown> = {}) {
  const bill = await makeBill(db().db, biller, labels, { capacity: Math.max(n, 1), ...input });
  const parents: string[] = [];
  for (let i = 0; i < n; i += 1) {
    const parent = await makeParent(db().db, labels, { children: 2 });
    await addParentToBill(ctxOf(db().db, biller), { billNumber: bill.billNumber, qr: parent.qr });
    parents.push(parent.qr);
  }
  return { bill, parents };
}

/** The truck of the issue: bill A with 3 parents; one of them missing, one extra (on no bill), one of bill B, one unknown label. */
async function truckScenario() {
  const { bill, parents } = await billWithParents(3);
  const other = await billWithParents(1);
  const loose = await makeParent(db().db, labels, { children: 0 });
  const unknown = labels.sb(); // never inserted: not in the system
  const child = labels.child();
  return { bill, parents, otherBill: other.bill, otherParent: must(other.parents[0]), loose: loose.qr, unknown, child };
}

beforeAll(async () => {
  ({ biller, admin, dispatcher } = await makeBillRoles(db()));
});
beforeEach(async () => {
  await truncateBillData(db());
  signIn(biller);
});

describe("POST /api/bills/[billNumber]/check", () => {
  it("answers 201 with exact lists and counts: one missing, one extra, one on another bill, an unknown label", async () => {
    const t = await truckScenario();
    const [a, b, c] = t.parents as [string, string, string];
    const { status, body } = await postCheck(t.bill.billNumber, {
      // b scanned in lower case and a twice: labels are normalized, a repeat counts once.
      qrs: [a, b.toLowerCase(), t.loose, t.otherParent, t.unknown, t.child, ` ${a} `, "SB12", ""],
      notes: "  Truck UP32 ZZ 7001, driver Mohan  ",
    });
    expect(status).toBe(201);
    const { check } = body;
    expect(check).toMatchObject({
      billNumber: t.bill.billNumber,
      checkedBy: biller.username,
      notes: "Truck UP32 ZZ 7001, driver Mohan",
      expected: 3,
      matched: 2,
      missing: 1,
      extra: 2,
      otherBill: 1,
    });
    expect(check.id).toBeGreaterThan(0);
    expect(new Date(check.createdAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(check.report).toEqual({
      matched: [a, b],
      missing: [c],
      extra: [t.loose, t.unknown],
      otherBill: [{ qr: t.otherParent, billNumber: t.otherBill.billNumber }],
      unknown: [t.unknown],
      refused: [
        { qr: t.child, code: "wrong_type", message: expect.stringContaining("is a child label") },
        { qr: "SB12", code: "invalid_qr", message: expect.stringContaining("looks like a parent label") },
        { qr: "", code: "invalid_qr", message: "Nothing was scanned. Scan a bag label." },
      ],
      duplicates: 1,
    });
  });

  it("stores the report it answered, and audits load_check_saved with the counts under the bill", async () => {
    const t = await truckScenario();
    const [a, b] = t.parents as [string, string, string];
    const { body } = await postCheck(t.bill.billNumber, { qrs: [a, b, t.loose, t.otherParent] });
    const [row] = await db().db.select().from(loadChecks).where(eq(loadChecks.id, body.check.id));
    const stored = must(row);
    const [billRow] = await db().db.select({ id: bills.id }).from(bills).where(eq(bills.billNumber, t.bill.billNumber));
    expect(stored).toMatchObject({
      billId: must(billRow).id,
      checkedBy: biller.id,
      expectedCount: 3,
      matchedCount: 2,
      missingCount: 1,
      extraCount: 1,
      otherBillCount: 1,
      notes: null,
    });
    // The stored report is exactly what the caller was answered (and what the report page reads).
    expect(stored.report).toEqual(body.check.report);
    const fromPage = must(await loadCheckOfBill(db().db, t.bill.billNumber.toLowerCase(), String(body.check.id)));
    expect(JSON.parse(JSON.stringify(fromPage))).toEqual(body.check);

    const audits = await db()
      .db.select({ userId: auditLog.userId, entityType: auditLog.entityType, entityId: auditLog.entityId, after: auditLog.after, details: auditLog.details })
      .from(auditLog)
      .where(eq(auditLog.action, "load_check_saved"));
    expect(audits).toEqual([
      {
        userId: biller.id,
        entityType: "bill",
        entityId: String(must(billRow).id),
        after: { expected: 3, matched: 2, missing: 1, extra: 1, otherBill: 1 },
        details: { billNumber: t.bill.billNumber, checkId: body.check.id, refused: 0, duplicates: 0 },
      },
    ]);
  });

  it("checks any bill status: a completed bill and a dispatched one", async () => {
    const { bill, parents } = await billWithParents(2);
    await completeBill(ctxOf(db().db, biller), { billNumber: bill.billNumber });
    const completed = await postCheck(bill.billNumber, { qrs: parents });
    expect([completed.status, completed.body.check.matched, completed.body.check.missing]).toEqual([201, 2, 0]);
    // As the gate leaves it once the truck is admitted (the gate flow itself is tested in gate-scan).
    await db().db.update(bills).set({ status: "dispatched", dispatchedAt: new Date() }).where(eq(bills.billNumber, bill.billNumber));
    signIn(admin);
    const dispatched = await postCheck(bill.billNumber, { qrs: [must(parents[0])] });
    expect([dispatched.status, dispatched.body.check.matched, dispatched.body.check.report.missing]).toEqual([201, 1, [parents[1]]]);
    expect(dispatched.body.check.checkedBy).toBe(admin.username);
  });

  it("answers 404 bill_not_found for an unknown bill and saves nothing", async () => {
    const res = await postCheck("NO-SUCH-BILL-7", { qrs: ["SB70001"] });
    expect([res.status, res.body.error?.code]).toEqual([404, "bill_not_found"]);
    expect((await getCheck("NO-SUCH-BILL-7")).status).toBe(404);
    expect(await countTable(db(), "audit_log")).toBe(0);
    expect((await db().db.select({ id: loadChecks.id }).from(loadChecks)).length).toBe(0);
  });

  it("refuses dispatchers, the gate and customers by the guard (403), and anonymous callers (401)", async () => {
    const { bill, parents } = await billWithParents(1);
    for (const who of [dispatcher, GATE, CUSTOMER]) {
      signIn(who);
      const res = await postCheck(bill.billNumber, { qrs: parents });
      // A customer account is told it has no staff pages at all (customer_account).
      expect([who.role, res.status, res.body.error?.code]).toEqual([who.role, 403, who.role === "customer" ? "customer_account" : "forbidden"]);
      expect((await getCheck(bill.billNumber)).status).toBe(403);
    }
    signIn(null);
    expect((await postCheck(bill.billNumber, { qrs: parents })).status).toBe(401);
    // The verb guards itself too (a server action or a script calling it directly).
    expect(await billRefusal(saveLoadCheck(ctxOf(db().db, dispatcher), { billNumber: bill.billNumber, qrs: parents }))).toMatchObject({
      status: 403,
      code: "forbidden",
    });
    expect((await db().db.select({ id: loadChecks.id }).from(loadChecks)).length).toBe(0);
  });

  it("refuses a body that is not a list of at most 1000 QRs, or notes over 500 characters (400)", async () => {
    const { bill } = await billWithParents(1);
    const tooMany = Array.from({ length: 1001 }, (_, i) => `SB${String(i).padStart(5, "0")}`);
    for (const body of [{}, { qrs: "SB70001" }, { qrs: [12] }, { qrs: tooMany }, { qrs: [], notes: "x".repeat(501) }, { qrs: [], extra: 1 }]) {
      const res = await postCheck(bill.billNumber, body);
      expect([res.status, res.body.error?.code]).toEqual([400, "invalid_input"]);
    }
    const exactly = await postCheck(bill.billNumber, { qrs: tooMany.slice(0, 1000) });
    expect([exactly.status, exactly.body.check.extra]).toEqual([201, 1000]);
  });
});

describe("GET /api/bills/[billNumber]/check and the bill page's last check", () => {
  it("answers 404 no_check before any check, then the newest one; the page query returns the newest too", async () => {
    const { bill, parents } = await billWithParents(2);
    const none = await getCheck(bill.billNumber);
    expect([none.status, none.body.error?.code]).toEqual([404, "no_check"]);
    expect(await lastLoadCheckOfBill(db().db, bill.billNumber)).toBeNull();

    const first = await postCheck(bill.billNumber, { qrs: [must(parents[0])] });
    const second = await postCheck(bill.billNumber, { qrs: parents });
    // Another bill's check is never this bill's.
    const other = await billWithParents(1);
    await postCheck(other.bill.billNumber, { qrs: other.parents });

    const last = await getCheck(bill.billNumber.toLowerCase());
    expect(last.status).toBe(200);
    expect(last.body.check.id).toBe(second.body.check.id);
    expect(last.body.check.report.matched).toEqual(parents);
    const summary = must(await lastLoadCheckOfBill(db().db, bill.billNumber));
    expect(summary).toEqual({
      id: second.body.check.id,
      createdAt: expect.any(Date),
      checkedBy: biller.username,
      expected: 2,
      matched: 2,
      missing: 0,
      extra: 0,
      otherBill: 0,
    });
    expect(summary.id).not.toBe(first.body.check.id);
    // A report is found only under its own bill.
    expect(await loadCheckOfBill(db().db, other.bill.billNumber, first.body.check.id)).toBeNull();
    expect(await loadCheckOfBill(db().db, bill.billNumber, "1; drop table bills")).toBeNull();
    // The dispatch sheet carries the same last check.
    expect(must(await loadDispatchSheet(db().db, bill.billNumber)).loadCheck).toEqual(summary);
  });
});

describe("the live check page's verbs", () => {
  it("classifies one scan: matched, extra (on no bill / unknown), on another bill (naming it); refuses child and invalid labels", async () => {
    const t = await truckScenario();
    const ctx = ctxOf(db().db, biller);
    const billNumber = t.bill.billNumber;
    expect(await classifyLoadScan(ctx, { billNumber, qr: must(t.parents[0]).toLowerCase() })).toEqual({ qr: t.parents[0], verdict: "matched", otherBillNumber: null, known: true });
    expect(await classifyLoadScan(ctx, { billNumber, qr: t.loose })).toEqual({ qr: t.loose, verdict: "extra", otherBillNumber: null, known: true });
    expect(await classifyLoadScan(ctx, { billNumber, qr: t.unknown })).toEqual({ qr: t.unknown, verdict: "extra", otherBillNumber: null, known: false });
    expect(await classifyLoadScan(ctx, { billNumber, qr: t.otherParent })).toEqual({
      qr: t.otherParent,
      verdict: "other_bill",
      otherBillNumber: t.otherBill.billNumber,
      known: true,
    });
    expect(await billRefusal(classifyLoadScan(ctx, { billNumber, qr: t.child }))).toMatchObject({ status: 409, code: "wrong_type" });
    expect(await billRefusal(classifyLoadScan(ctx, { billNumber, qr: "SB12" }))).toMatchObject({ status: 400, code: "invalid_qr" });
    expect(await billRefusal(classifyLoadScan(ctx, { billNumber: "NO-SUCH-7", qr: t.loose }))).toMatchObject({ status: 404, code: "bill_not_found" });
    expect(await billRefusal(classifyLoadScan(ctxOf(db().db, dispatcher), { billNumber, qr: t.loose }))).toMatchObject({ status: 403 });
  });

  it("previews a remembered list against the bill now (loading order), saving nothing", async () => {
    const t = await truckScenario();
    const [a, , c] = t.parents as [string, string, string];
    const preview = await previewLoadCheck(ctxOf(db().db, biller), { billNumber: t.bill.billNumber, qrs: [c, t.otherParent, c, t.child] });
    expect(preview).toEqual({
      billNumber: t.bill.billNumber,
      expectedQrs: t.parents,
      scans: [
        { qr: c, verdict: "matched", otherBillNumber: null, known: true },
        { qr: t.otherParent, verdict: "other_bill", otherBillNumber: t.otherBill.billNumber, known: true },
      ],
      refused: [{ qr: t.child, code: "wrong_type", message: expect.stringContaining("child label") }],
    });
    expect(preview.expectedQrs[0]).toBe(a);
    expect((await db().db.select({ id: loadChecks.id }).from(loadChecks)).length).toBe(0);
  });
});

describe.skipIf(!usingPostgres)("load check races on PostgreSQL", () => {
  it("a save waits for a bill change in flight and counts against the bill as it committed", async () => {
    const { bill, parents } = await billWithParents(2, { capacity: 3 });
    const late = await makeParent(db().db, labels, { children: 1 });
    const [billRow] = await db().db.select({ id: bills.id }).from(bills).where(eq(bills.billNumber, bill.billNumber));
    const billId = must(billRow).id;

    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked!: () => void;
    const lockTaken = new Promise<void>((resolve) => {
      locked = resolve;
    });
    // A parent going on the bill, as every bill change does it: the bill row locked FOR UPDATE first.
    const change = db().db.transaction(async (tx) => {
      await tx.select({ id: bills.id }).from(bills).where(eq(bills.id, billId)).for("update");
      await tx.insert(billBags).values({ billId, bagId: late.id, addedBy: biller.id });
      await tx.update(bills).set({ linkedCount: sql`${bills.linkedCount} + 1` }).where(eq(bills.id, billId));
      locked();
      await released;
    });
    await lockTaken;
    let saved = false;
    const save = saveLoadCheck(ctxOf(db().db, biller), { billNumber: bill.billNumber, qrs: [...parents, late.qr] }).then((r) => {
      saved = true;
      return r;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    // The share lock waits for the change: nothing is decided on a bill half-changed.
    expect(saved).toBe(false);
    release();
    await change;
    const { check } = await save;
    expect([check.expected, check.matched, check.missing, check.extra]).toEqual([3, 3, 0, 0]);
    expect(check.report.matched).toEqual([...parents, late.qr]);
    const [row] = await db().db.select({ qr: bags.qr }).from(bags).where(eq(bags.id, late.id));
    expect(must(row).qr).toBe(late.qr);
  });
});

// The live page's own bookkeeping (components/load-check), pure: kept beside the verbs it mirrors.
describe("the live check page's state", () => {
  const run = (events: LoadCheckEvent[]) => events.reduce(reduceLoadCheck, initialLoadCheck("INV-1", ["SB00001", "SB00002", "SB00003"]));
  const answer = (qr: string, verdict: "matched" | "extra" | "other_bill", otherBillNumber: string | null = null, known = true): LoadCheckEvent => ({
    kind: "answer",
    result: { qr, verdict, otherBillNumber, known },
  });

  it("counts each answer once, keeps the bill's parents current, and says what to do", () => {
    const state = run([
      answer("SB00001", "matched"),
      answer("SB00001", "matched"),
      answer("SB00009", "extra", null, false),
      answer("SB00002", "other_bill", "INV-2"),
      // Put on the bill after the page was opened: it joins the expected list.
      answer("SB00004", "matched"),
      { kind: "refused", qr: "1234567", message: "1234567 is a child label." },
    ]);
    const view = viewOf(state);
    expect(view).toMatchObject({ expected: 3, matched: 2, missing: 1, extra: 1, otherBill: 1, missingQrs: ["SB00003"], matchedQrs: ["SB00001", "SB00004"] });
    expect(state.feedback).toMatchObject({ kind: "refused", qr: "1234567" });
    expect(run([answer("SB00001", "matched"), answer("SB00001", "matched")]).feedback.kind).toBe("duplicate");
    expect(run([answer("SB00009", "extra", null, false)]).feedback.message).toContain("not in the system");
    expect(run([answer("SB00002", "other_bill", "INV-2")]).feedback.message).toContain("belongs to bill INV-2");
    const all = run([answer("SB00001", "matched"), answer("SB00002", "matched"), answer("SB00003", "matched")]);
    expect([all.feedback.kind, all.feedback.message]).toEqual(["complete", "SB00003 matched. All 3 parent bags of bill INV-1 are on the truck."]);
    // Saved from: the parents in scan order, then the refused labels (oldest first).
    expect(labelsToSave(state)).toBe(["SB00001", "SB00009", "SB00002", "SB00004", "1234567"].join("\n"));
    expect(run([answer("SB00001", "matched"), { kind: "reset" }]).scans).toEqual([]);
  });

  it("remembers a check in the tab and refuses a stored value that is not its own", () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v), removeItem: (k: string) => void store.delete(k) };
    const key = loadCheckMemoryKey("biller", "inv-1");
    expect(key).toBe("tracetrack:bill-station:biller:INV-1#load-check");
    const memory = createLoadCheckMemory(() => storage, key);
    const scans = [{ qr: "SB00001", verdict: "matched" as const, otherBillNumber: null, known: true }];
    memory.save({ scans, refused: [{ id: 2, qr: "1234567", message: "child" }] });
    expect(memory.load()).toEqual({ scans, refused: [{ id: 2, qr: "1234567", message: "child" }] });
    memory.clear();
    expect(memory.load()).toBeNull();
    for (const bad of ["{", "[]", '{"v":1,"scans":[{"qr":"SB1","verdict":"gone","known":true,"otherBillNumber":null}],"refused":[]}', '{"v":2,"scans":[],"refused":[]}']) {
      expect(parseLoadCheckMemory(bad)).toBeNull();
    }
  });
});
