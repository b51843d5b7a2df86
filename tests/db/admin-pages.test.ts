import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { createUserAction } from "@/app/(admin)/admin/users/actions";
import { bills, sessions, users } from "@/db/schema";
import { AuditFilters, SessionFilters } from "@/lib/schemas/auth";
import { listActiveSessions } from "@/lib/server/admin/admin-sessions";
import { listAuditLog } from "@/lib/server/admin/audit-log-queries";
import { writeAudit } from "@/lib/server/audit";
import type { SessionPolicy, SessionUser } from "@/lib/server/auth/session";
import { createBill, deleteBill } from "@/lib/server/bills/mutations";
import { labelMaker, makeParent } from "../support/bill-factories";
import { ctxOf, sessionUserOf } from "../support/context";
import { setupTestDb, truncateAll } from "../support/db";
import { makeUser } from "../support/factories";

// Issue 13, items 7 and 9: the admin's new-user form keeps what was typed when refused; the audit
// log names bills, bags and users (one query, left joins); the session list pages.

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "x-forwarded-for": "198.51.100.30", "x-request-id": "admin-pages", "user-agent": "vitest" }),
  cookies: async () => ({ get: () => undefined, has: () => false, set: () => undefined, delete: () => undefined }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));
vi.mock("@/lib/server/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/server/auth/session")>()),
  getCurrentUser: async () => session.user,
  peekCurrentSession: async () => session.user,
}));
delete process.env.REDIS_URL;

const db = setupTestDb();
const labels = labelMaker(9);
const policy: SessionPolicy = { idleMs: 30 * 60_000, absoluteMs: 60 * 60_000, touchEveryMs: 60_000 };

async function signInAdmin() {
  const admin = await makeUser(db().db, "admin");
  // An admin without 2FA is refused by every guard: this one is enrolled.
  session.user = sessionUserOf(admin, { totpEnabled: true });
  return admin;
}

async function billIdOf(billNumber: string): Promise<number> {
  const [row] = await db().db.select({ id: bills.id }).from(bills).where(eq(bills.billNumber, billNumber));
  if (!row) throw new Error(`no bill ${billNumber}`);
  return row.id;
}

function newUserForm(fields: Record<string, string>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  return form;
}

describe("the admin's Create a user form", () => {
  beforeEach(async () => {
    await truncateAll(db());
    await signInAdmin();
  });

  it("keeps the typed username, e-mail, role and area when a dispatcher has no area", async () => {
    const typed = { username: "kept-dispatcher", email: "kept@example.com", role: "dispatcher", dispatchArea: "" };
    const answer = await createUserAction(undefined, newUserForm(typed));
    expect(answer).toMatchObject({ ok: false, code: "invalid_input", fields: { dispatchArea: ["A dispatcher needs a dispatch area."] }, values: typed });
    expect(await db().db.select().from(users).where(eq(users.username, "kept-dispatcher"))).toEqual([]);

    const created = await createUserAction(answer, newUserForm({ ...typed, dispatchArea: "ranchi" }));
    expect(created).toMatchObject({ ok: true, username: "kept-dispatcher" });
    expect(created).not.toHaveProperty("values");
  });

  it("keeps the typed values on a taken username, and echoes only the form's own fields", async () => {
    await createUserAction(undefined, newUserForm({ username: "taken-name", role: "biller", dispatchArea: "" }));
    const answer = await createUserAction(undefined, newUserForm({ username: "taken-name", email: "second@example.com", role: "biller", dispatchArea: "", password: "hunter2-secret" }));
    expect(answer).toMatchObject({ ok: false, code: "duplicate_user", fields: { username: [expect.stringContaining("taken-name")] } });
    expect(answer).toMatchObject({ values: { username: "taken-name", email: "second@example.com", role: "biller", dispatchArea: "" } });
    expect(JSON.stringify(answer)).not.toContain("hunter2-secret");
  });

  it("cuts a pasted page short in what it hands back", async () => {
    const answer = await createUserAction(undefined, newUserForm({ username: "x".repeat(5_000), role: "biller" }));
    expect(answer.ok).toBe(false);
    expect(!answer.ok && "values" in answer ? answer.values.username?.length : 0).toBe(254);
  });
});

describe("the audit log's names for users, bills and bags", () => {
  beforeEach(async () => truncateAll(db()));

  it("names a bill by its number, a bag by its QR and a user by username, for the actor too", async () => {
    const admin = await makeUser(db().db, "admin");
    const biller = await makeUser(db().db, "biller");
    const ctx = ctxOf(db().db, { ...biller, dispatchArea: null });
    await createBill(ctx, { billNumber: "AUD-NAMES-1", capacity: 2 });
    const billId = await billIdOf("AUD-NAMES-1");
    const parent = await makeParent(db().db, labels, { qr: "SB90901", children: 0 });
    await writeAudit(db().db, { action: "parent_created", userId: biller.id, entityType: "bag", entityId: parent.id });
    // A row that recorded only the user's id (no actor name) still names them.
    await writeAudit(db().db, { action: "account_unlocked", userId: admin.id, entityType: "user", entityId: biller.id });

    const { rows } = await listAuditLog(db().db, AuditFilters.parse({}));
    const byAction = (action: string) => rows.find((r) => r.action === action);
    expect(byAction("bill_created")).toMatchObject({ entityType: "bill", entityId: String(billId), entityName: "AUD-NAMES-1", actorUsername: biller.username });
    expect(byAction("parent_created")).toMatchObject({ entityType: "bag", entityId: String(parent.id), entityName: "SB90901", actorUsername: biller.username });
    expect(byAction("account_unlocked")).toMatchObject({ actor: null, actorUsername: admin.username, entityName: biller.username });
  });

  it("keeps the raw id of a deleted bill or user, and never mistakes one type's id for another's", async () => {
    const admin = await makeUser(db().db, "admin");
    const gone = await makeUser(db().db, "biller");
    const ctx = ctxOf(db().db, { ...admin, dispatchArea: null });
    await createBill(ctx, { billNumber: "AUD-KEPT-1", capacity: 2 });
    await createBill(ctx, { billNumber: "AUD-GONE-1", capacity: 2 });
    const kept = { id: await billIdOf("AUD-KEPT-1") };
    const deleted = { id: await billIdOf("AUD-GONE-1") };
    await deleteBill(ctx, { billNumber: "AUD-GONE-1" });
    await writeAudit(db().db, { action: "login_success", userId: gone.id, actor: gone.username, entityType: "user", entityId: gone.id });
    await db().db.delete(users).where(eq(users.id, gone.id));
    // A bag row with the kept bill's id, ids that are not numbers, and one past bigint's range.
    await writeAudit(db().db, { action: "child_linked", entityType: "bag", entityId: kept.id });
    for (const entityId of ["B-6", "12abc", "99999999999999999999", ""]) await writeAudit(db().db, { action: "bill_updated", entityType: "bill", entityId });

    const { rows } = await listAuditLog(db().db, AuditFilters.parse({}));
    expect(rows.filter((r) => r.entityName === "AUD-GONE-1")).toEqual([]);
    expect(rows.find((r) => r.action === "bill_deleted")).toMatchObject({ entityId: String(deleted.id), entityName: null, actorUsername: admin.username });
    // The user's rows lost their link (ON DELETE SET NULL) but keep the name they were written with.
    expect(rows.find((r) => r.action === "login_success")).toMatchObject({ userId: null, actor: gone.username, actorUsername: null, entityId: gone.id, entityName: null });
    expect(rows.find((r) => r.action === "child_linked")).toMatchObject({ entityName: null });
    expect(rows.filter((r) => r.action === "bill_updated").map((r) => r.entityName)).toEqual([null, null, null, null]);
    expect(rows.find((r) => r.action === "bill_created" && r.entityId === String(kept.id))?.entityName).toBe("AUD-KEPT-1");
  });

  it("still filters and pages on the audit rows alone (the joins add no rows)", async () => {
    const biller = await makeUser(db().db, "biller");
    const ctx = ctxOf(db().db, { ...biller, dispatchArea: null });
    for (let i = 1; i <= 5; i++) await createBill(ctx, { billNumber: `AUD-PAGE-${i}`, capacity: 1 });
    const first = await listAuditLog(db().db, AuditFilters.parse({ action: "bill_created" }), 3);
    const second = await listAuditLog(db().db, AuditFilters.parse({ action: "bill_created", after: first.nextCursor }), 3);
    expect([...first.rows, ...second.rows].map((r) => r.entityName)).toEqual(["AUD-PAGE-5", "AUD-PAGE-4", "AUD-PAGE-3", "AUD-PAGE-2", "AUD-PAGE-1"]);
    expect(second.nextCursor).toBeNull();
    expect(await db().db.select().from(bills)).toHaveLength(5);
  });
});

describe("the admin session list's pages", () => {
  beforeEach(async () => truncateAll(db()));

  async function sessionsFor(userId: string, count: number, userAgent: string | null) {
    const now = Date.now();
    await db()
      .db.insert(sessions)
      .values(
        Array.from({ length: count }, (_, i) => ({
          sessionToken: `tok-${userId}-${i}`,
          userId,
          createdAt: new Date(now - 20 * 60_000),
          // Apart by a second each, newest activity first; two share an expiry (the token breaks the tie).
          expires: new Date(now + policy.idleMs - Math.min(i, count - 2) * 1_000),
          ip: "192.0.2.9",
          userAgent,
        })),
      );
  }

  it("pages through every live session once, with the total and the page count", async () => {
    const user = await makeUser(db().db, "biller");
    await sessionsFor(user.id, 7, "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0");
    const pages = await Promise.all([1, 2, 3].map((page) => listActiveSessions(db().db, policy, { page, pageSize: 3 })));
    expect(pages.map((p) => p.rows.length)).toEqual([3, 3, 1]);
    expect(pages.map((p) => [p.total, p.page, p.pageCount])).toEqual([
      [7, 1, 3],
      [7, 2, 3],
      [7, 3, 3],
    ]);
    const ids = pages.flatMap((p) => p.rows.map((r) => r.id));
    expect(new Set(ids).size).toBe(7);
    expect(pages[0]?.rows[0]).toMatchObject({ device: "Firefox 133 on Windows", userAgent: expect.stringContaining("Firefox/133.0") });

    const past = await listActiveSessions(db().db, policy, { page: 9, pageSize: 3 });
    expect(past).toMatchObject({ rows: [], total: 7, page: 9, pageCount: 3 });
  });

  it("counts and pages only the filtered user's sessions, and reads a bad page number as the first", async () => {
    const one = await makeUser(db().db, "biller");
    const other = await makeUser(db().db, "dispatcher");
    await sessionsFor(one.id, 2, null);
    await sessionsFor(other.id, 4, "curl/8.5.0");
    const page = await listActiveSessions(db().db, policy, { username: other.username.toUpperCase(), pageSize: 3 });
    expect(page).toMatchObject({ total: 4, pageCount: 2 });
    expect(page.rows.every((r) => r.username === other.username && r.device === "Unknown browser")).toBe(true);
    expect((await listActiveSessions(db().db, policy, { username: one.username })).rows.map((r) => r.device)).toEqual([null, null]);
    for (const bad of ["0", "-2", "abc", "1.5", "1e9"]) expect(SessionFilters.parse({ page: bad }).page).toBeUndefined();
    expect(SessionFilters.parse({ page: "2" }).page).toBe(2);
  });
});
