import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { decidePromotionAction } from "@/app/(admin)/admin/promotions/actions";
import { requestPromotionAction } from "@/app/(app)/profile/actions";
import { auditLog, outbox, promotionRequests, sessions, users } from "@/db/schema";
import type { SessionUser } from "@/lib/server/auth/session";
import { decidePromotion } from "@/lib/server/promotions/decide";
import { countPendingPromotions, listDecidedPromotions, listPendingPromotions } from "@/lib/server/promotions/queries";
import { getOwnPromotionState, requestPromotion } from "@/lib/server/promotions/requests";
import { ctxOf, sessionUserOf, settle } from "../support/context";
import { setupTestDb, truncateAll, usingPostgres } from "../support/db";
import { makeUser } from "../support/factories";

// Promotion requests (issue 17): a dispatcher or biller asks, one pending at a time; an admin
// approves (the role changes through assignRole, in the same transaction) or rejects with a note;
// the requester is mailed. Both the request and the decision are raced for real on PostgreSQL.

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "x-forwarded-for": "198.51.100.44", "x-request-id": "promotions", "user-agent": "vitest" }),
  cookies: async () => ({ get: () => undefined, has: () => false, set: () => undefined, delete: () => undefined }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));
vi.mock("@/lib/server/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/server/auth/session")>()),
  getCurrentUser: async () => session.user,
  peekCurrentSession: async () => session.user,
}));
delete process.env.REDIS_URL;
delete process.env.SMTP_URL;

const db = setupTestDb();
type User = Awaited<ReturnType<typeof makeUser>>;
const ctx = (user: User) => ctxOf(db().db, user);
const REASON = "I run the Lucknow floor and bill the trucks on the late shift.";

async function withEmail(user: User, email: string | null) {
  await db().db.update(users).set({ email }).where(eq(users.id, user.id));
}

async function requestRows(userId: string) {
  return db().db.select().from(promotionRequests).where(eq(promotionRequests.userId, userId));
}

async function roleOf(userId: string) {
  const [row] = await db().db.select({ role: users.role, area: users.dispatchArea }).from(users).where(eq(users.id, userId));
  return row;
}

async function countAudit(action: string, entityId?: string | number) {
  const rows = await db()
    .db.select({ id: auditLog.id })
    .from(auditLog)
    .where(and(eq(auditLog.action, action), entityId === undefined ? undefined : eq(auditLog.entityId, String(entityId))));
  return rows.length;
}

function formOf(fields: Record<string, string>): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  return form;
}

beforeEach(async () => {
  await truncateAll(db());
  await db().db.delete(outbox);
  session.user = null;
});

describe("asking for a promotion", () => {
  it("stores the request with the role held now, audits it, and shows it as pending on the profile", async () => {
    const dispatcher = await makeUser(db().db, "dispatcher");
    const made = await requestPromotion(ctx(dispatcher), { requestedRole: "biller", reason: `  ${REASON}  ` });
    expect(made).toMatchObject({ fromRole: "dispatcher", requestedRole: "biller", reason: REASON, status: "pending" });
    expect(await countAudit("promotion_requested", made.id)).toBe(1);
    const state = await getOwnPromotionState(db().db, dispatcher.id);
    expect(state).toMatchObject({ targets: ["biller", "admin"], blocked: null, pending: { id: made.id, status: "pending" }, lastDecided: null });
  });

  it("allows one pending request at a time: a second is 409 promotion_pending", async () => {
    const biller = await makeUser(db().db, "biller");
    await requestPromotion(ctx(biller), { requestedRole: "admin", reason: REASON });
    await expect(requestPromotion(ctx(biller), { requestedRole: "admin", reason: "Another reason, longer than ten." })).rejects.toMatchObject({
      status: 409,
      code: "promotion_pending",
    });
    expect(await requestRows(biller.id)).toHaveLength(1);
  });

  it("refuses a role the requester cannot ask for, a reason outside 10–500, admins and the gate", async () => {
    const biller = await makeUser(db().db, "biller");
    await expect(requestPromotion(ctx(biller), { requestedRole: "biller", reason: REASON })).rejects.toMatchObject({
      status: 400,
      code: "invalid_role",
      fields: { requestedRole: [expect.any(String)] },
    });
    await expect(requestPromotion(ctx(biller), { requestedRole: "dispatcher", reason: REASON })).rejects.toMatchObject({ status: 400 });
    await expect(requestPromotion(ctx(biller), { requestedRole: "admin", reason: "too short" })).rejects.toMatchObject({
      status: 400,
      fields: { reason: [expect.stringContaining("at least 10")] },
    });
    await expect(requestPromotion(ctx(biller), { requestedRole: "admin", reason: "x".repeat(501) })).rejects.toMatchObject({
      fields: { reason: [expect.stringContaining("500")] },
    });
    await expect(requestPromotion(ctx(biller), { requestedRole: "admin", reason: `ok reason\u0000${REASON}` })).rejects.toMatchObject({ status: 400 });
    // Exactly 10 and exactly 500 characters are fine (and the line breaks of a paragraph).
    await expect(requestPromotion(ctx(biller), { requestedRole: "admin", reason: "x".repeat(500) })).resolves.toMatchObject({ status: "pending" });
    const other = await makeUser(db().db, "dispatcher");
    await expect(requestPromotion(ctx(other), { requestedRole: "admin", reason: "line one\nline 2" })).resolves.toMatchObject({ status: "pending" });

    const admin = await makeUser(db().db, "admin");
    const gate = await makeUser(db().db, "gate");
    await expect(requestPromotion(ctx(admin), { requestedRole: "admin", reason: REASON })).rejects.toMatchObject({ status: 403 });
    await expect(requestPromotion(ctx(gate), { requestedRole: "biller", reason: REASON })).rejects.toMatchObject({ status: 403 });
    expect(await getOwnPromotionState(db().db, admin.id)).toMatchObject({ targets: [] });
  });

  it("refuses a directory (LDAP) account: its role follows its groups", async () => {
    const dispatcher = await makeUser(db().db, "dispatcher");
    await db().db.update(users).set({ authSource: "ldap" }).where(eq(users.id, dispatcher.id));
    await expect(requestPromotion(ctx(dispatcher), { requestedRole: "biller", reason: REASON })).rejects.toMatchObject({ status: 409, code: "directory_managed" });
    expect((await getOwnPromotionState(db().db, dispatcher.id)).blocked).toMatch(/directory/);
  });

  it.runIf(usingPostgres)("two requests at once by one user: exactly one row, the other 409 promotion_pending", async () => {
    for (let round = 0; round < 5; round += 1) {
      const user = await makeUser(db().db, round % 2 ? "biller" : "dispatcher");
      const outcomes = await Promise.all(
        Array.from({ length: 4 }, (_, i) => settle(requestPromotion(ctx(user), { requestedRole: "admin", reason: `${REASON} (${i})` }))),
      );
      expect(outcomes.filter((o) => "ok" in o)).toHaveLength(1);
      expect(outcomes.filter((o) => "code" in o).map((o) => ("code" in o ? o.code : ""))).toEqual(["promotion_pending", "promotion_pending", "promotion_pending"]);
      expect(await requestRows(user.id)).toHaveLength(1);
      expect(await countAudit("promotion_requested")).toBe(round + 1);
    }
  });

  it("the profile form's action: a refusal names the field; a second request is refused with the pending code", async () => {
    const dispatcher = await makeUser(db().db, "dispatcher");
    session.user = sessionUserOf(dispatcher);
    const refused = await requestPromotionAction({ ok: false }, formOf({ requestedRole: "admin", reason: "short" }));
    expect(refused).toMatchObject({ ok: false, fields: { reason: [expect.any(String)] } });
    expect(await requestPromotionAction({ ok: false }, formOf({ requestedRole: "admin", reason: REASON }))).toMatchObject({ ok: true });
    expect(await requestPromotionAction({ ok: false }, formOf({ requestedRole: "biller", reason: REASON }))).toMatchObject({ ok: false, code: "promotion_pending" });
  });
});

describe("deciding a promotion", () => {
  it("approving a dispatcher to biller changes the role, clears the area, ends their sessions, audits both, and mails them", async () => {
    const admin = await makeUser(db().db, "admin");
    const dispatcher = await makeUser(db().db, "dispatcher", "jaipur");
    await withEmail(dispatcher, "floor@example.com");
    await db()
      .db.insert(sessions)
      .values({ sessionToken: "dispatcher-session", userId: dispatcher.id, expires: new Date(Date.now() + 600_000) });
    const request = await requestPromotion(ctx(dispatcher), { requestedRole: "biller", reason: REASON });
    expect(await countPendingPromotions(db().db)).toBe(1);

    const decided = await decidePromotion(ctx(admin), { requestId: request.id, decision: "approve", note: "Welcome to billing." });
    expect(decided).toEqual({ id: request.id, username: dispatcher.username, status: "approved", requestedRole: "biller", mail: "sent" });
    expect(await roleOf(dispatcher.id)).toEqual({ role: "biller", area: null });
    expect(await db().db.select().from(sessions).where(eq(sessions.userId, dispatcher.id))).toEqual([]);
    const [row] = await requestRows(dispatcher.id);
    expect(row).toMatchObject({ status: "approved", decidedBy: admin.id, decisionNote: "Welcome to billing." });
    expect(row?.decidedAt).toBeInstanceOf(Date);
    expect(await countAudit("promotion_approved", request.id)).toBe(1);
    expect(await countAudit("user_role_changed", dispatcher.id)).toBe(1);
    const mails = await db().db.select().from(outbox).where(eq(outbox.to, "floor@example.com"));
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toContain("approved");
    expect(mails[0]?.body).toContain("Welcome to billing.");
    expect(await countPendingPromotions(db().db)).toBe(0);

    const state = await getOwnPromotionState(db().db, dispatcher.id);
    expect(state).toMatchObject({ targets: ["admin"], pending: null, lastDecided: { status: "approved", decidedBy: admin.username, decisionNote: "Welcome to billing." } });
  });

  it("approving a biller to admin makes them an admin (who then owes 2FA enrolment)", async () => {
    const admin = await makeUser(db().db, "admin");
    const biller = await makeUser(db().db, "biller");
    const request = await requestPromotion(ctx(biller), { requestedRole: "admin", reason: REASON });
    await expect(decidePromotion(ctx(admin), { requestId: request.id, decision: "approve" })).resolves.toMatchObject({ status: "approved", mail: "no_email" });
    expect(await roleOf(biller.id)).toEqual({ role: "admin", area: null });
  });

  it("rejecting keeps the role, records the note, audits, mails; the requester may then ask again", async () => {
    const admin = await makeUser(db().db, "admin");
    const biller = await makeUser(db().db, "biller");
    await withEmail(biller, "billing@example.com");
    const request = await requestPromotion(ctx(biller), { requestedRole: "admin", reason: REASON });
    const decided = await decidePromotion(ctx(admin), { requestId: request.id, decision: "reject", note: "Not this quarter." });
    expect(decided).toMatchObject({ status: "rejected", mail: "sent" });
    expect(await roleOf(biller.id)).toEqual({ role: "biller", area: null });
    expect(await countAudit("promotion_rejected", request.id)).toBe(1);
    expect(await countAudit("user_role_changed")).toBe(0);
    const [mail] = await db().db.select().from(outbox).where(eq(outbox.to, "billing@example.com"));
    expect(mail?.subject).toContain("not approved");
    expect(mail?.body).toContain("Not this quarter.");
    expect(await getOwnPromotionState(db().db, biller.id)).toMatchObject({ pending: null, lastDecided: { status: "rejected", decisionNote: "Not this quarter." } });
    await expect(requestPromotion(ctx(biller), { requestedRole: "admin", reason: REASON })).resolves.toMatchObject({ status: "pending" });
  });

  it("lists pending requests (not of deleted users) and the last decisions, newest first", async () => {
    const admin = await makeUser(db().db, "admin");
    const a = await makeUser(db().db, "dispatcher");
    const b = await makeUser(db().db, "biller");
    const gone = await makeUser(db().db, "dispatcher");
    const ra = await requestPromotion(ctx(a), { requestedRole: "biller", reason: REASON });
    await requestPromotion(ctx(b), { requestedRole: "admin", reason: REASON });
    await requestPromotion(ctx(gone), { requestedRole: "admin", reason: REASON });
    await db().db.update(users).set({ deletedAt: new Date() }).where(eq(users.id, gone.id));
    await decidePromotion(ctx(admin), { requestId: ra.id, decision: "reject", note: "Later." });
    const pending = await listPendingPromotions(db().db);
    expect(pending.map((p) => p.username)).toEqual([b.username]);
    expect(pending[0]).toMatchObject({ currentRole: "biller", fromRole: "biller", requestedRole: "admin", reason: REASON, status: "pending" });
    const decided = await listDecidedPromotions(db().db);
    expect(decided).toEqual([expect.objectContaining({ username: a.username, status: "rejected", decidedBy: admin.username, decisionNote: "Later." })]);
    expect(await countPendingPromotions(db().db)).toBe(1);
  });

  it("refuses a second decision, an unknown request, a note over 300, a non-admin, and a request whose requester's role changed since", async () => {
    const admin = await makeUser(db().db, "admin");
    const dispatcher = await makeUser(db().db, "dispatcher");
    const request = await requestPromotion(ctx(dispatcher), { requestedRole: "admin", reason: REASON });
    await expect(decidePromotion(ctx(admin), { requestId: request.id, decision: "approve", note: "n".repeat(301) })).rejects.toMatchObject({
      status: 400,
      fields: { note: [expect.stringContaining("300")] },
    });
    await expect(decidePromotion(ctx(dispatcher), { requestId: request.id, decision: "approve" })).rejects.toMatchObject({ status: 403 });
    await expect(decidePromotion(ctx(admin), { requestId: 999_999, decision: "approve" })).rejects.toMatchObject({ status: 404 });
    await expect(decidePromotion(ctx(admin), { requestId: request.id, decision: "maybe" })).rejects.toMatchObject({ status: 400 });

    // Made a biller meanwhile: approving the old "dispatcher → admin" request is refused, and
    // the request stays pending (the whole decision rolled back); rejecting it works.
    await db().db.update(users).set({ role: "biller", dispatchArea: null }).where(eq(users.id, dispatcher.id));
    await expect(decidePromotion(ctx(admin), { requestId: request.id, decision: "approve" })).rejects.toMatchObject({ status: 409, code: "role_changed" });
    expect((await requestRows(dispatcher.id))[0]?.status).toBe("pending");
    expect(await countAudit("promotion_approved")).toBe(0);
    await decidePromotion(ctx(admin), { requestId: request.id, decision: "reject" });
    await expect(decidePromotion(ctx(admin), { requestId: request.id, decision: "approve" })).rejects.toMatchObject({ status: 409, code: "already_decided" });
    expect(await roleOf(dispatcher.id)).toEqual({ role: "biller", area: null });
  });

  it("the admin's form action reads the pressed button's decision and the note", async () => {
    const admin = await makeUser(db().db, "admin");
    const biller = await makeUser(db().db, "biller");
    const request = await requestPromotion(ctx(biller), { requestedRole: "admin", reason: REASON });
    session.user = sessionUserOf(admin, { totpEnabled: true });
    const answer = await decidePromotionAction(request.id, { ok: false }, formOf({ decision: "approve", note: "Go ahead." }));
    expect(answer).toMatchObject({ ok: true, message: expect.stringContaining(`${biller.username} is now admin`) });
    expect((await requestRows(biller.id))[0]).toMatchObject({ status: "approved", decisionNote: "Go ahead." });
    expect(await decidePromotionAction(request.id, { ok: false }, formOf({ decision: "reject" }))).toMatchObject({ ok: false, code: "already_decided" });
  });

  it.runIf(usingPostgres)("two admins deciding one request at once: exactly one decision, one role change, one mail", async () => {
    const admins = [await makeUser(db().db, "admin"), await makeUser(db().db, "admin"), await makeUser(db().db, "admin")];
    for (let round = 0; round < 5; round += 1) {
      const user = await makeUser(db().db, "dispatcher", "ranchi");
      await withEmail(user, `race${round}@example.com`);
      const request = await requestPromotion(ctx(user), { requestedRole: "biller", reason: REASON });
      const decisions = ["approve", "reject", "approve", "reject"] as const;
      const outcomes = await Promise.all(
        decisions.map((decision, i) => settle(decidePromotion(ctx(admins[i % admins.length] as User), { requestId: request.id, decision, note: `by ${i}` }))),
      );
      const won = outcomes.filter((o) => "ok" in o);
      expect(won).toHaveLength(1);
      expect(outcomes.filter((o) => "code" in o).map((o) => ("code" in o ? o.code : ""))).toEqual(["already_decided", "already_decided", "already_decided"]);
      const [row] = await requestRows(user.id);
      const winner = won[0] && "ok" in won[0] ? won[0].ok : null;
      expect(row?.status).toBe(winner?.status);
      const decisionsAudited = (await countAudit("promotion_approved", request.id)) + (await countAudit("promotion_rejected", request.id));
      expect(decisionsAudited).toBe(1);
      expect(await countAudit("user_role_changed", user.id)).toBe(winner?.status === "approved" ? 1 : 0);
      expect((await roleOf(user.id))?.role).toBe(winner?.status === "approved" ? "biller" : "dispatcher");
      expect(await db().db.select({ id: outbox.id }).from(outbox).where(eq(outbox.to, `race${round}@example.com`))).toHaveLength(1);
    }
  });
});
