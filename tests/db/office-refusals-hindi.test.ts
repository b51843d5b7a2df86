import { sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { addParentToBill } from "@/lib/server/bills/parents";
import { reopenBill } from "@/lib/server/bills/state";
import { AppError } from "@/lib/server/errors";
import { localizedErrorMessage, translatorFor } from "@/lib/server/i18n";
import { getPass } from "@/lib/server/passes/get";
import { passEventSummary } from "@/lib/server/passes/history";
import { issuePass } from "@/lib/server/passes/issue";
import { revokePass } from "@/lib/server/passes/revoke";
import { cancelTicket } from "@/lib/server/returns/cancel";
import { returnBag } from "@/lib/server/returns/scan";
import { createTicket, finalizeTicket, getTicket } from "@/lib/server/returns/tickets";
import { createMemoryStatsStore, setStatsStore } from "@/lib/server/stats/store";
import { labelMaker, makeBill, makeBillRoles, makeParent, truncateBillData, type BillTestUser } from "../support/bill-factories";
import { ctxOf } from "../support/context";
import { setupTestDb } from "../support/db";
import { makeCompletedBill, makePass } from "../support/pass-factories";

// Issue 19: the refusals of the gate pass and return ticket verbs that the office pages show are
// said in Hindi to a Hindi reader (the verbs' `say`, errors/passes.json, errors/returns.json):
// each names its message and values, the English template filled with them is the verb's own
// sentence word for word, and the Hindi one is Devanagari carrying the same codes and QRs.

delete process.env.REDIS_URL;

const db = setupTestDb();
const labels = labelMaker(8);

let biller: BillTestUser;
let admin: BillTestUser;
let dispatcher: BillTestUser;

beforeAll(async () => {
  ({ biller, admin, dispatcher } = await makeBillRoles(db()));
  setStatsStore(createMemoryStatsStore());
});
beforeEach(async () => {
  await truncateBillData(db());
  await db().rows(sql`truncate table return_tickets, return_ticket_days, bill_return_events, gate_passes restart identity cascade`);
});

const as = (user: BillTestUser = biller) => ctxOf(db().db, user);
const DEVANAGARI = /[\u0900-\u097F]/;

/** The AppError a call is refused with. */
async function refusalOf(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error("expected the call to be refused");
}

/**
 * A refusal said in both languages: `key` is its message, the English template filled with its
 * values is exactly the verb's sentence, and the Hindi is Devanagari holding every `kept` text.
 */
function expectSaid(err: AppError, key: string, kept: string[] = []): string {
  expect(err.text?.key, `${err.code}: its message key`).toBe(key);
  const english = translatorFor("en", "errors");
  expect(english.has(key), `errors.${key} in English`).toBe(true);
  expect(english(key, err.text?.values ?? {}), `${key}: the English template is the verb's sentence`).toBe(err.message);
  const hindi = localizedErrorMessage(err, "hi", err.message);
  expect(hindi, `${key} in Hindi`).not.toBe(err.message);
  expect(hindi).toMatch(DEVANAGARI);
  for (const text of kept) expect(hindi, `${key} keeps ${text}`).toContain(text);
  expect(localizedErrorMessage(err, "en", err.message)).toBe(err.message);
  return hindi;
}

describe("gate pass refusals in Hindi", () => {
  it("says pass_exists with the blocking pass's code (the form links it), and a bill not completed with its status in Hindi", async () => {
    const pass = await makePass(db().db, { issuer: biller, labels });
    const again = await refusalOf(
      issuePass(as(), { billNumber: pass.billNumber, driverName: "Suresh", driverPhone: "9829012345", vehicleNumber: "RJ14GB1234" }),
    );
    expect(again.code).toBe("pass_exists");
    expectSaid(again, "pass_exists", [pass.billNumber, pass.code]);

    const open = await makeBill(db().db, biller, labels, { capacity: 2 });
    const parent = await makeParent(db().db, labels, { children: 3 });
    await addParentToBill(as(), { billNumber: open.billNumber, qr: parent.qr });
    const processing = await refusalOf(
      issuePass(as(), { billNumber: open.billNumber, driverName: "Suresh", driverPhone: "9829012345", vehicleNumber: "RJ14GB1234" }),
    );
    expect(processing.code).toBe("bill_not_completed");
    expect(expectSaid(processing, "pass_bill_not_completed", [open.billNumber])).toContain("प्रक्रिया में");
  });

  it("says why a pass cannot be revoked again, who may manage passes, and which pass is unknown", async () => {
    const pass = await makePass(db().db, { issuer: biller, labels });
    await revokePass(as(), { code: pass.code, reason: "Wrong truck" });
    expectSaid(await refusalOf(revokePass(as(), { code: pass.code, reason: "Again" })), "pass_revoked", [pass.code]);
    expectSaid(await refusalOf(revokePass(as(dispatcher), { code: pass.code, reason: "x" })), "pass_manage_forbidden");
    expectSaid(await refusalOf(getPass(as(), { code: "GP-20000101-0001" })), "pass_not_found", ["GP-20000101-0001"]);
  });

  it("words a pass's history in Hindi, dates in Hindi month names, and in English as before", () => {
    const issued = { billNumber: "INV-1", vehicle: "RJ14GB1234", validFrom: "2026-12-01T04:30:00Z", validUntil: "2026-12-01T16:30:00Z", superseded: "GP-20261130-0001" };
    expect(passEventSummary("pass_issued", issued)).toBe(
      "Issued for bill INV-1, vehicle RJ14GB1234, valid 01 Dec 2026, 10:00 – 01 Dec 2026, 22:00 IST; replaces GP-20261130-0001, which had expired unused",
    );
    const hindi = passEventSummary("pass_issued", issued, "hi");
    expect(hindi).toMatch(DEVANAGARI);
    expect(hindi).toContain("INV-1");
    expect(hindi).toContain("दिस॰");
    expect(passEventSummary("pass_revoked", {}, "hi")).toBe("रद्द: कोई कारण नहीं दिया");
    expect(passEventSummary("gate_scan", { result: "admitted", via: "code" }, "hi")).toBe("गेट पर अनुमति मिली (कोड हाथ से टाइप किया)");
  });
});

describe("return ticket refusals in Hindi", () => {
  it("says each scan refusal with the bag's QR and the other ticket's code", async () => {
    const bill = await makeCompletedBill(db().db, { actor: biller, labels, parents: 2, children: 3 });
    const [first, second] = bill.parentQrs as [string, string];
    const ticket = await createTicket(as(), { area: "jaipur" });
    const other = await createTicket(as(), { area: "indore" });
    await returnBag(as(), { code: ticket.code, qr: first });

    expectSaid(await refusalOf(returnBag(as(), { code: ticket.code, qr: first })), "return_duplicate", [first]);
    expectSaid(await refusalOf(returnBag(as(), { code: other.code, qr: first })), "return_cross_ticket", [first, ticket.code]);
    const loose = await makeParent(db().db, labels, { children: 2 });
    expectSaid(await refusalOf(returnBag(as(), { code: ticket.code, qr: loose.qr })), "return_not_linked", [loose.qr]);
    expectSaid(await refusalOf(returnBag(as(), { code: ticket.code, qr: "SB99999" })), "return_bag_not_found", ["SB99999"]);
    expectSaid(await refusalOf(returnBag(as(dispatcher), { code: ticket.code, qr: second })), "return_forbidden");
    expectSaid(await refusalOf(getTicket(as(), { code: "RTN-20000101-0001" })), "return_ticket_not_found", ["RTN-20000101-0001"]);
  });

  it("says an empty ticket cannot be finalized, and a closed one cannot change, naming its status in Hindi", async () => {
    const ticket = await createTicket(as(), { area: "jaipur" });
    expectSaid(await refusalOf(finalizeTicket(as(), { code: ticket.code })), "return_empty_ticket", [ticket.code]);
    await cancelTicket(as(), { code: ticket.code });
    expect(expectSaid(await refusalOf(finalizeTicket(as(), { code: ticket.code })), "return_ticket_closed", [ticket.code])).toContain("रद्द हो चुका");
  });

  it("lists the bags that cannot go back, each with its reason in Hindi", async () => {
    const full = await makeCompletedBill(db().db, { actor: biller, labels, parents: 2, children: 3 });
    const ticket = await createTicket(as(), { area: "jaipur" });
    const roomless = full.parentQrs[0] as string;
    await returnBag(as(), { code: ticket.code, qr: roomless });
    await reopenBill(as(), { billNumber: full.billNumber });
    const filler = await makeParent(db().db, labels, { children: 1 });
    await addParentToBill(as(), { billNumber: full.billNumber, qr: filler.qr });

    const refusal = await refusalOf(cancelTicket(as(admin), { code: ticket.code }));
    expect(refusal.code).toBe("restore_conflict");
    expect(refusal.text?.key).toBe("return_restore_conflict");
    const hindi = localizedErrorMessage(refusal, "hi", refusal.message);
    expect(hindi).toMatch(DEVANAGARI);
    expect(hindi).toContain(roomless);
    expect(hindi).toContain(`बिल ${full.billNumber} में जगह नहीं है (2/2 पैरेंट बैग)`);
    expect(hindi).not.toMatch(/no room/);
  });
});
