import { and, eq } from "drizzle-orm";
import type { ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { auditLog } from "@/db/schema";
import type { SessionUser } from "@/lib/server/auth/session";
import { insertCustomerAccount } from "@/lib/server/customers/accounts";
import { readPortalBill } from "@/lib/server/portal/detail";
import { recordViewAs } from "@/lib/server/portal/view-as";
import { systemContext } from "@/lib/server/service";
import { labelMaker } from "../support/bill-factories";
import { ctxOf, routeSessionOf } from "../support/context";
import { setupTestDb } from "../support/db";
import { makeUser } from "../support/factories";
import { makeCompletedBill, type CompletedBill } from "../support/pass-factories";

// The portal's pages through the real guards, scope and views: a customer sees its own bill and
// never a staff name, another customer's bill is the 404 page, and an admin's "view as" files
// exactly one audit row per open of /portal.

const state = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "x-forwarded-for": "198.51.100.15", "x-request-id": "portal-pages", "user-agent": "vitest" }),
  cookies: async () => ({ get: () => undefined, has: () => false, getAll: () => [], set: () => undefined, delete: () => undefined }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));
vi.mock("@/lib/server/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/server/auth/session")>()),
  getCurrentUser: async () => state.user,
  peekCurrentSession: async () => state.user,
}));
delete process.env.REDIS_URL;
// next.config.ts turns on experimental.authInterrupts; forbidden() reads it from here.
process.env.__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS = "true";

const db = setupTestDb();
const labels = labelMaker(7);
type Principal = { id: string; username: string; role: SessionUser["role"]; dispatchArea: SessionUser["dispatchArea"] };

let biller: Principal;
let admin: Principal;
let dispatcher: Principal;
let dealerA: Principal & { email: string };
let dealerB: Principal & { email: string };
let billA: CompletedBill;
let billB: CompletedBill;

async function customerAccount(email: string, customer: string): Promise<Principal & { email: string }> {
  const made = await insertCustomerAccount(systemContext(db().db), { email, name: `Dealer ${customer}`, customers: [customer] }, "portal-page-pass-1", {
    mustChangePassword: false,
  });
  return { id: made.id, username: made.email, email: made.email, role: "customer", dispatchArea: null };
}

beforeAll(async () => {
  biller = await makeUser(db().db, "biller");
  admin = await makeUser(db().db, "admin");
  dispatcher = await makeUser(db().db, "dispatcher");
  billA = await makeCompletedBill(db().db, { actor: biller, labels, parents: 2, children: 3, billNumber: "PPG-A-1", customer: "Portal Page Alpha" });
  billB = await makeCompletedBill(db().db, { actor: biller, labels, parents: 1, children: 4, billNumber: "PPG-B-1", customer: "Portal Page Beta" });
  dealerA = await customerAccount("alpha-dealer@example.com", "Portal Page Alpha");
  dealerB = await customerAccount("beta-dealer@example.com", "Portal Page Beta");
});

const signIn = (user: Principal) => {
  state.user = routeSessionOf(user);
};

type Page = (props: { params: Promise<Record<string, string>>; searchParams: Promise<Record<string, string>> }) => Promise<ReactNode>;
const pageOf = async (module: Promise<unknown>) => ((await module) as { default: Page }).default;
const pages = {
  portal: () => pageOf(import("@/app/(app)/portal/page")),
  bill: () => pageOf(import("@/app/(app)/portal/bills/[billNumber]/page")),
};

async function render(page: keyof typeof pages, params: Record<string, string> = {}, search: Record<string, string> = {}): Promise<string> {
  const Page = await pages[page]();
  return renderToStaticMarkup(await Page({ params: Promise.resolve(params), searchParams: Promise.resolve(search) }));
}

/** The digest Next's control flow throws with ("NEXT_HTTP_ERROR_FALLBACK;404", "NEXT_REDIRECT;…"), or "rendered". */
async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "rendered";
  } catch (err) {
    const digest = (err as { digest?: unknown }).digest;
    if (typeof digest === "string") return digest;
    throw err;
  }
}

const viewAsRows = () =>
  db()
    .db.select({ userId: auditLog.userId, actor: auditLog.actor, entityType: auditLog.entityType, entityId: auditLog.entityId, details: auditLog.details, ip: auditLog.ip })
    .from(auditLog)
    .where(eq(auditLog.action, "portal_view_as"));

describe("the portal bill page", () => {
  it("shows a customer its own bill with the parent bags and counts, and no staff name anywhere", async () => {
    signIn(dealerA);
    const html = await render("bill", { billNumber: "ppg-a-1" });
    expect(html).toContain("PPG-A-1");
    expect(html).toContain("Portal Page Alpha");
    for (const qr of billA.parentQrs) expect(html).toContain(qr);
    expect(html).toContain("3 / 30");
    expect(html).toContain("6 kg / 60 kg");
    expect(html).toContain('href="/portal"');
    expect(html).not.toContain(biller.username);
    expect(html).not.toContain(admin.username);

    const detail = await readPortalBill(ctxOf(db().db, dealerA), { billNumber: "PPG-A-1" });
    expect(detail.bill).toMatchObject({ billNumber: "PPG-A-1", status: "completed", parentCount: 2, childCount: 6, actualWeightKg: 6, expectedWeightKg: 60 });
    expect(detail.parents.map((p) => p.qr).sort()).toEqual([...billA.parentQrs].sort());
    const json = JSON.stringify(detail);
    expect(json).not.toContain(biller.username);
    expect(json).not.toContain(biller.id);
  });

  it("is the 404 page for another customer's bill and for an unknown one alike", async () => {
    signIn(dealerB);
    expect(await refusal(render("bill", { billNumber: billA.billNumber }))).toMatch(/404/);
    expect(await refusal(render("bill", { billNumber: "PPG-NOPE-9" }))).toMatch(/404/);
    expect(await refusal(render("bill", { billNumber: "x".repeat(300) }))).toMatch(/404/);
    expect(await render("bill", { billNumber: billB.billNumber })).toContain("PPG-B-1");
    // A customer cannot borrow another account's scope.
    expect(await refusal(render("bill", { billNumber: billA.billNumber }, { as: dealerA.id }))).toMatch(/403/);
  });

  it("lets an admin see any bill, and with `as` only that account's", async () => {
    signIn(admin);
    expect(await render("bill", { billNumber: billA.billNumber })).toContain("PPG-A-1");
    const asB = await render("bill", { billNumber: billB.billNumber }, { as: dealerB.id });
    expect(asB).toContain("PPG-B-1");
    expect(asB).toContain(`href="/portal?as=${dealerB.id}"`);
    expect(await refusal(render("bill", { billNumber: billA.billNumber }, { as: dealerB.id }))).toMatch(/404/);
  });

  it("is forbidden to staff without the portal permission", async () => {
    signIn(dispatcher);
    expect(await refusal(render("bill", { billNumber: billA.billNumber }))).toMatch(/403/);
    signIn(biller);
    expect(await refusal(render("portal"))).toMatch(/403/);
  });
});

describe("the portal page and view-as", () => {
  it("writes exactly one portal_view_as audit row per open, and says whose view it is", async () => {
    await db().db.delete(auditLog).where(eq(auditLog.action, "portal_view_as"));
    signIn(admin);
    const html = await render("portal", {}, { as: dealerA.id, status: "completed" });
    expect(html).toContain("Viewing as alpha-dealer@example.com — support view, read-only");
    expect(html).toContain('href="/admin/customers"');
    const rows = await viewAsRows();
    expect(rows).toEqual([
      { userId: admin.id, actor: admin.username, entityType: "user", entityId: dealerA.id, details: { email: "alpha-dealer@example.com" }, ip: "198.51.100.15" },
    ]);

    // Without `as`, every customer: no view-as, no row.
    expect(await render("portal")).toContain("All customers (admin view)");
    expect(await viewAsRows()).toHaveLength(1);
    // An unknown account is the 404 page, with nothing recorded.
    expect(await refusal(render("portal", {}, { as: "00000000-0000-4000-8000-000000000000" }))).toMatch(/404/);
    expect(await refusal(render("portal", {}, { as: biller.id }))).toMatch(/404/);
    expect(await viewAsRows()).toHaveLength(1);
    // A second open is a second row.
    await render("portal", {}, { as: dealerA.id });
    expect(await viewAsRows()).toHaveLength(2);
  });

  it("records nothing for a customer's own portal and refuses a customer's `as`", async () => {
    await db().db.delete(auditLog).where(eq(auditLog.action, "portal_view_as"));
    signIn(dealerA);
    const html = await render("portal");
    expect(html).toContain("Your bills");
    expect(html).not.toContain("support view");
    expect(await refusal(render("portal", {}, { as: dealerB.id }))).toMatch(/403/);
    expect(await viewAsRows()).toHaveLength(0);
  });

  it("recordViewAs refuses anyone but an admin, and a non-customer account", async () => {
    await expect(recordViewAs(ctxOf(db().db, biller), dealerA.id)).rejects.toMatchObject({ status: 403 });
    await expect(recordViewAs(ctxOf(db().db, dealerA), dealerA.id)).rejects.toMatchObject({ status: 403 });
    await expect(recordViewAs(ctxOf(db().db, admin), dispatcher.id)).rejects.toMatchObject({ status: 404 });
    const rows = await db()
      .db.select({ id: auditLog.id })
      .from(auditLog)
      .where(and(eq(auditLog.action, "portal_view_as"), eq(auditLog.entityId, dispatcher.id)));
    expect(rows).toHaveLength(0);
  });
});
