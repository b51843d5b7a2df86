import { sql } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { scanChildAction } from "@/app/(app)/scan/actions";
import type { SessionUser } from "@/lib/server/auth/session";
import { addParentToBill } from "@/lib/server/bills/parents";
import { completeBill } from "@/lib/server/bills/state";
import { AppError, ReplayedRefusal } from "@/lib/server/errors";
import { localizedErrorMessage, translatorFor } from "@/lib/server/i18n";
import { assertMayScan } from "@/lib/server/scan/access";
import { assertNotFrozen, notAParent } from "@/lib/server/scan/lock";
import { finishParent, reopenParent } from "@/lib/server/scan/finish";
import { removeChild } from "@/lib/server/scan/remove";
import { childIsAParent, scanChild } from "@/lib/server/scan/scan-child";
import { scanParent } from "@/lib/server/scan/scan-parent";
import { undoLastScan } from "@/lib/server/scan/undo";
import type { Actor } from "@/lib/server/service";
import { labelMaker, makeBill } from "../support/bill-factories";
import { ctxOf, sessionUserOf } from "../support/context";
import { setupTestDb, usingPostgres } from "../support/db";
import { makeScanCast, truncateScanData } from "../support/scan";

// Issue 19: every refusal of the scan verbs that a station shows is said in Hindi to a Hindi
// reader (the verbs' `say`, messages/*/errors/scan.json): each names its message and values, the
// English template filled with them is the verb's own sentence word for word, and the Hindi is
// Devanagari carrying the same QRs. A refusal replayed for a repeated idempotency key keeps it.

const request = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "x-forwarded-for": "198.51.100.62", "x-request-id": "scan-hindi", "user-agent": "vitest" }),
  cookies: async () => ({ get: () => undefined, has: () => false, getAll: () => [], set: () => undefined, delete: () => undefined }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));
vi.mock("@/lib/server/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/server/auth/session")>()),
  getCurrentUser: async () => request.user,
  peekCurrentSession: async () => request.user,
}));
delete process.env.REDIS_URL;

const db = setupTestDb();
const labels = labelMaker(6);
const DEVANAGARI = /[\u0900-\u097F]/;

let ravi: Actor;
let meena: Actor;
let indore: Actor;
let biller: Actor;
let admin: Actor;

beforeAll(async () => ({ ravi, meena, indore, biller, admin } = await makeScanCast(db())));
beforeEach(async () => truncateScanData(db()));

const as = (actor: Actor) => ctxOf(db().db, actor);

/** The AppError a call is refused with. */
async function refused(p: Promise<unknown> | (() => unknown)): Promise<AppError> {
  try {
    await (typeof p === "function" ? p() : p);
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error("expected the call to be refused");
}

/** A refusal said in both languages: its message `key`, the English template = the verb's sentence, Hindi holding `kept`. */
function expectSaid(err: AppError, key: string, kept: string[] = []): void {
  expect(err.text?.key, `${err.code}: its message key`).toBe(key);
  const english = translatorFor("en", "errors");
  expect(english.has(key), `errors.${key} in English`).toBe(true);
  expect(english(key, err.text?.values ?? {}), `${key}: the English template is the verb's sentence`).toBe(err.message);
  const hindi = localizedErrorMessage(err, "hi", err.message);
  expect(hindi, `${key} in Hindi`).not.toBe(err.message);
  expect(hindi).toMatch(DEVANAGARI);
  for (const text of kept) expect(hindi, `${key} keeps ${text}`).toContain(text);
}

/** A new parent of `who` with `n` children packed by `who`. */
async function packed(n: number, who: Actor = ravi, kind: "sb" | "m444" = "sb") {
  const parentQr = kind === "sb" ? labels.sb() : labels.m444();
  await scanParent(as(who), { qr: parentQr });
  const children: string[] = [];
  for (let i = 0; i < n; i += 1) {
    const qr = labels.child();
    await scanChild(as(who), { parentQr, qr });
    children.push(qr);
  }
  return { parentQr, children };
}

describe(`the scan verbs' refusals in Hindi (${usingPostgres ? "PostgreSQL" : "PGlite"})`, () => {
  it("labels: unreadable, and the wrong kind of label", async () => {
    const { parentQr } = await packed(0);
    expectSaid(await refused(scanParent(as(ravi), { qr: "HELLO!" })), "scan_invalid_qr_not_a_label", ["HELLO!"]);
    expectSaid(await refused(scanParent(as(ravi), { qr: "SB1234" })), "scan_invalid_qr_parent_like", ["SB1234"]);
    expectSaid(await refused(scanParent(as(ravi), { qr: "LABEL NO.: LOT STAR44" })), "scan_invalid_qr_label_text");
    expectSaid(await refused(scanParent(as(ravi), { qr: "6000001" })), "scan_child_label_as_parent", ["6000001"]);
    expectSaid(await refused(scanChild(as(ravi), { parentQr, qr: "SB60099" })), "scan_parent_label_as_child", ["SB60099"]);
    expectSaid(await refused(undoLastScan(as(ravi), { parentQr: "SB69999" })), "scan_parent_not_found", ["SB69999"]);
  });

  it("stored roles and a dispatched bill (the refusals imports share)", async () => {
    expectSaid(notAParent("6000001"), "scan_not_a_parent", ["6000001"]);
    expectSaid(childIsAParent("SB60001"), "scan_registered_parent_as_child", ["SB60001"]);
    const parent = { id: 1, qr: "SB60001", type: "parent" as const, status: "completed" as const, childCount: 30, capacity: 30, dispatchArea: "lucknow" as const };
    expectSaid(await refused(() => assertNotFrozen({ parent, bill: { billNumber: "INV-6-1", status: "dispatched" } })), "scan_bill_dispatched", ["SB60001", "INV-6-1"]);
  });

  it("who may scan where: role, area, the station's area", async () => {
    expectSaid(await refused(() => assertMayScan({ ...ravi, role: "gate" })), "scan_role_cannot_scan");
    expectSaid(await refused(() => assertMayScan({ ...ravi, dispatchArea: null })), "scan_no_area");
    const { parentQr, children } = await packed(1);
    expectSaid(await refused(scanParent(as(indore), { qr: parentQr })), "scan_wrong_area_parent", [parentQr, "इंदौर"]);
    // A free Lucknow child (packed, then taken off) scanned by Indore.
    await removeChild(as(ravi), { parentQr, childQr: children[0] });
    const { parentQr: indoreParent } = await packed(0, indore);
    expectSaid(await refused(scanChild(as(indore), { parentQr: indoreParent, qr: children[0] })), "scan_wrong_area_child", [children[0] ?? "", "इंदौर"]);
    expectSaid(await refused(scanParent(as(ravi), { qr: labels.sb(), area: "indore" })), "scan_wrong_area_station", ["लखनऊ", "इंदौर"]);
    expectSaid(await refused(scanParent(as(biller), { qr: labels.sb() })), "scan_area_required");
  });

  it("a child on another parent, a full parent, a finished one, a completed bill", async () => {
    const first = await packed(1);
    const second = await packed(0);
    const child = first.children[0] ?? "";
    expectSaid(await refused(scanChild(as(ravi), { parentQr: second.parentQr, qr: child })), "scan_linked_elsewhere", [child, first.parentQr]);
    const { parentQr: indoreParent } = await packed(0, indore);
    const hidden = await refused(scanChild(as(indore), { parentQr: indoreParent, qr: child }));
    expectSaid(hidden, "scan_linked_elsewhere_other_area", [child]);
    expect(localizedErrorMessage(hidden, "hi", hidden.message)).not.toContain(first.parentQr);

    const full = await packed(15, ravi, "m444");
    expectSaid(await refused(scanChild(as(ravi), { parentQr: full.parentQr, qr: labels.child() })), "scan_parent_full", [full.parentQr, "15/15"]);

    await finishParent(as(ravi), { parentQr: first.parentQr, reason: "Short lot" });
    expectSaid(await refused(scanChild(as(ravi), { parentQr: first.parentQr, qr: labels.child() })), "scan_parent_finished", [first.parentQr, "Short lot"]);

    const onBill = await packed(1);
    const bill = await makeBill(db().db, biller, labels, { capacity: 1 });
    await addParentToBill(as(biller), { billNumber: bill.billNumber, qr: onBill.parentQr });
    await completeBill(as(biller), { billNumber: bill.billNumber });
    expectSaid(await refused(scanChild(as(ravi), { parentQr: onBill.parentQr, qr: labels.child() })), "scan_bill_frozen", [onBill.parentQr, bill.billNumber]);
  });

  it("finish and reopen", async () => {
    expectSaid(await refused(finishParent(as(ravi), { parentQr: (await packed(0)).parentQr, reason: "Short lot" })), "scan_parent_empty");
    const full = await packed(15, ravi, "m444");
    expectSaid(await refused(finishParent(as(ravi), { parentQr: full.parentQr, reason: "Short lot" })), "scan_already_complete", ["15/15"]);
    const { parentQr } = await packed(2);
    expectSaid(await refused(reopenParent(as(ravi), { parentQr })), "scan_not_finished", [parentQr]);
    await finishParent(as(ravi), { parentQr, reason: "End of shift" });
    expectSaid(await refused(finishParent(as(ravi), { parentQr, reason: "Short lot" })), "scan_already_finished", [parentQr, ravi.username]);
    expectSaid(await refused(reopenParent(as(meena), { parentQr })), "scan_not_reopenable", [parentQr, ravi.username, "60"]);
    await db().rows(sql`update bags set finished_at = now() - interval '2 hours' where qr = ${parentQr}`);
    expectSaid(await refused(reopenParent(as(ravi), { parentQr })), "scan_not_reopenable_own", [parentQr, "60"]);
  });

  it("undo and remove", async () => {
    const { parentQr, children } = await packed(2);
    expectSaid(await refused(undoLastScan(as(meena), { parentQr })), "scan_nothing_to_undo", [parentQr, "60"]);
    expectSaid(await refused(undoLastScan(as(admin), { parentQr: (await packed(0)).parentQr })), "scan_nothing_to_undo_any");
    const child = children[0] ?? "";
    expectSaid(await refused(removeChild(as(meena), { parentQr, childQr: child })), "scan_not_removable", [child, ravi.username]);
    await db().rows(sql`update links set created_at = now() - interval '2 hours'`);
    expectSaid(await refused(removeChild(as(ravi), { parentQr, childQr: child })), "scan_not_removable_own", [child, parentQr]);

    const other = await packed(1);
    const unpacked = labels.child();
    expectSaid(await refused(removeChild(as(ravi), { parentQr, childQr: unpacked })), "scan_not_on_parent_unpacked", [unpacked]);
    expectSaid(await refused(removeChild(as(ravi), { parentQr, childQr: other.children[0] })), "scan_not_on_parent", [other.parentQr]);
    const elsewhere = await packed(1, indore);
    const hidden = await refused(removeChild(as(ravi), { parentQr, childQr: elsewhere.children[0] }));
    expectSaid(hidden, "scan_not_on_parent_other_area");
    expect(localizedErrorMessage(hidden, "hi", hidden.message)).not.toContain(elsewhere.parentQr);
  });

  it("a refusal replayed for a repeated key is said in Hindi again; a key reused for another scan too", async () => {
    const first = await packed(1);
    const second = await packed(0);
    const key = "7d3f2a10-1b2c-4d5e-8f90-a1b2c3d4e5f6";
    const call = () => scanChild(as(ravi), { parentQr: second.parentQr, qr: first.children[0], idempotencyKey: key });
    const original = await refused(call());
    const replayed = await refused(call());
    expect(replayed).toBeInstanceOf(ReplayedRefusal);
    expect(replayed.text).toEqual(original.text);
    expectSaid(replayed, "scan_linked_elsewhere", [first.parentQr]);
    expectSaid(await refused(scanChild(as(ravi), { parentQr: second.parentQr, qr: labels.child(), idempotencyKey: key })), "scan_idempotency_key_reused");
  });

  it("reaches a Hindi reader through the station's action, and an English reader keeps the sentence", async () => {
    const first = await packed(1);
    const second = await packed(0);
    const child = first.children[0] ?? "";
    request.user = sessionUserOf(ravi, { locale: "hi" });
    expect(await scanChildAction(second.parentQr, child)).toEqual({
      ok: false,
      code: "linked_elsewhere",
      message: `चाइल्ड ${child} पहले से पैरेंट ${first.parentQr} में है।`,
    });
    request.user = sessionUserOf(ravi, { locale: "en" });
    expect(await scanChildAction(second.parentQr, child)).toEqual({ ok: false, code: "linked_elsewhere", message: `Child ${child} is already in parent ${first.parentQr}.` });
  });
});
