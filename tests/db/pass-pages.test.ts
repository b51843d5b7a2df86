import { eq } from "drizzle-orm";
import { renderToStaticMarkup } from "react-dom/server";
import type { ReactNode } from "react";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { bills, gatePasses } from "@/db/schema";
import type { SessionUser } from "@/lib/server/auth/session";
import { loadDispatchSheet } from "@/lib/server/bills/dispatch-sheet";
import { revokePass } from "@/lib/server/passes/revoke";
import { labelMaker, makeBill } from "../support/bill-factories";
import { ctxOf, sessionUserOf } from "../support/context";
import { setupTestDb } from "../support/db";
import { makeUser } from "../support/factories";
import { makeCompletedBill, makePass } from "../support/pass-factories";

// The gate pass pages and their server actions, through the real guards and verbs: who sees what,
// what the print page records, and what the forms answer.

const state = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "x-forwarded-for": "198.51.100.9", "x-request-id": "pass-pages", "user-agent": "vitest" }),
  cookies: async () => ({ get: () => undefined, has: () => false, getAll: () => [], set: () => undefined, delete: () => undefined }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));
vi.mock("@/lib/server/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/server/auth/session")>()),
  getCurrentUser: async () => state.user,
  peekCurrentSession: async () => state.user,
}));
vi.mock("@/lib/server/rate-limit/limiter", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/server/rate-limit/limiter")>()),
  checkLimit: async () => ({ ok: true }),
  enforceLimit: async () => undefined,
}));
delete process.env.REDIS_URL;
// next.config.ts turns on experimental.authInterrupts; forbidden() reads it from here.
process.env.__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS = "true";

const db = setupTestDb();
const labels = labelMaker(6);
type User = Awaited<ReturnType<typeof makeUser>>;
let biller: User;
let gate: User;

beforeAll(async () => {
  biller = await makeUser(db().db, "biller");
  gate = await makeUser(db().db, "gate");
});

const signIn = (user: User) => {
  state.user = sessionUserOf(user);
};

type Page = (props: { params: Promise<Record<string, string>>; searchParams: Promise<Record<string, string>> }) => Promise<ReactNode>;
const pageOf = async (module: Promise<unknown>) => ((await module) as { default: Page }).default;
const pages = {
  list: () => pageOf(import("@/app/(app)/passes/page")),
  detail: () => pageOf(import("@/app/(app)/passes/[code]/page")),
  print: () => pageOf(import("@/app/(app)/passes/[code]/print/page")),
  newPass: () => pageOf(import("@/app/(app)/passes/new/page")),
  bill: () => pageOf(import("@/app/(app)/bills/[billNumber]/page")),
};

async function render(page: keyof typeof pages, params: Record<string, string> = {}, search: Record<string, string> = {}): Promise<string> {
  const Page = await pages[page]();
  return renderToStaticMarkup(await Page({ params: Promise.resolve(params), searchParams: Promise.resolve(search) }));
}

/** The digest Next's control flow throws with ("NEXT_HTTP_ERROR_FALLBACK;404", "NEXT_REDIRECT;…"), or the error. */
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

const printCountOf = async (code: string) =>
  (await db().db.select({ n: gatePasses.printCount }).from(gatePasses).where(eq(gatePasses.code, code)))[0]?.n;

describe("the print page", () => {
  it("records a print each time it is rendered, with the QR of the signed payload and the pass code", async () => {
    const pass = await makePass(db().db, { issuer: biller, labels, coDriverName: "Suresh Yadav", coDriverPhone: "+91 98290 11111" });
    signIn(biller);
    const first = await render("print", { code: pass.code });
    expect(first).toContain(pass.code);
    expect(first).toContain("RJ14GB1234");
    expect(first).toContain("Suresh Yadav");
    expect(first).toMatch(/<img[^>]+src="data:image\/svg\+xml;base64,/);
    expect(first).toContain("size: A5");
    expect(await printCountOf(pass.code)).toBe(1);
    const a4 = await render("print", { code: pass.code.toLowerCase() }, { paper: "a4" });
    expect(a4).toContain("size: A4");
    expect(await printCountOf(pass.code)).toBe(2);
  });

  it("is not found for an unknown code and forbidden to the gate role, recording nothing", async () => {
    const pass = await makePass(db().db, { issuer: biller, labels });
    signIn(biller);
    expect(await refusal(render("print", { code: "GP-20000101-0001" }))).toMatch(/404/);
    expect(await refusal(render("print", { code: "not a code" }))).toMatch(/404/);
    signIn(gate);
    expect(await refusal(render("print", { code: pass.code }))).toMatch(/403/);
    expect(await printCountOf(pass.code)).toBe(0);
  });
});

describe("the pass page", () => {
  it("offers billers Print and Revoke on an active pass, with a link to the bill", async () => {
    const pass = await makePass(db().db, { issuer: biller, labels, notes: "Gate 2 only" });
    signIn(biller);
    const html = await render("detail", { code: pass.code });
    expect(html).toContain(`href="/passes/${pass.code}/print"`);
    expect(html).toContain("Revoke pass");
    expect(html).toContain(`href="/bills/${encodeURIComponent(pass.billNumber)}"`);
    expect(html).toContain("Gate 2 only");
    expect(html).toContain("Issued for bill");
  });

  it("shows the gate role the pass without Print, Revoke or a bill link", async () => {
    const pass = await makePass(db().db, { issuer: biller, labels });
    signIn(gate);
    const html = await render("detail", { code: pass.code });
    expect(html).toContain(pass.code);
    expect(html).not.toContain("/print");
    expect(html).not.toContain("Revoke pass");
    expect(html).not.toContain(`href="/bills/`);
  });

  it("shows a revoked pass with its reason and no Revoke or Print", async () => {
    const pass = await makePass(db().db, { issuer: biller, labels });
    await revokePass(ctxOf(db().db, biller), { code: pass.code, reason: "Truck broke down" });
    signIn(biller);
    const html = await render("detail", { code: pass.code });
    expect(html).toContain("Revoked");
    expect(html).toContain("Truck broke down");
    expect(html).not.toContain("Revoke pass");
    expect(html).not.toContain("/print");
  });

  it("is not found for an unknown code, and forbidden to a dispatcher", async () => {
    signIn(biller);
    expect(await refusal(render("detail", { code: "GP-20000101-0009" }))).toMatch(/404/);
    signIn(await makeUser(db().db, "dispatcher"));
    expect(await refusal(render("detail", { code: "GP-20000101-0009" }))).toMatch(/403/);
  });
});

describe("the revoke action", () => {
  it("asks for a reason, then revokes the pass", async () => {
    const { revokePassAction } = await import("@/app/(app)/passes/[code]/actions");
    const pass = await makePass(db().db, { issuer: biller, labels });
    signIn(biller);
    const empty = new FormData();
    empty.set("reason", "  ");
    const refused = await revokePassAction(pass.code, { ok: false }, empty);
    expect(refused.ok).toBe(false);
    expect(refused.ok ? null : refused.fields?.reason).toBeTruthy();
    const form = new FormData();
    form.set("reason", "Driver changed");
    const done = await revokePassAction(pass.code, { ok: false }, form);
    expect(done.ok).toBe(true);
    const [row] = await db().db.select({ state: gatePasses.state, reason: gatePasses.revokeReason }).from(gatePasses).where(eq(gatePasses.code, pass.code));
    expect(row).toEqual({ state: "revoked", reason: "Driver changed" });
  });

  it("is refused to the gate role", async () => {
    const { revokePassAction } = await import("@/app/(app)/passes/[code]/actions");
    const pass = await makePass(db().db, { issuer: biller, labels });
    signIn(gate);
    const form = new FormData();
    form.set("reason", "Not allowed");
    const answer = await revokePassAction(pass.code, { ok: false }, form);
    expect(answer).toMatchObject({ ok: false, code: "forbidden" });
  });
});

describe("the issue form", () => {
  const fields = (values: Record<string, string>) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(values)) form.set(k, v);
    return form;
  };

  it("answers under the fields, names an existing pass, and opens a new pass on success", async () => {
    const { issuePassAction } = await import("@/app/(app)/passes/new/actions");
    const { billNumber } = await makeCompletedBill(db().db, { actor: biller, labels });
    signIn(biller);
    const base = { billNumber, driverName: "Ramesh Kumar", driverPhone: "9829012345", vehicleNumber: "rj-14 gb 1234", validFrom: "", validUntil: "" };
    const bad = await issuePassAction({ ok: false }, fields({ ...base, driverPhone: "12345" }));
    expect(bad).toMatchObject({ ok: false, values: { driverPhone: "12345" } });
    expect(bad.ok ? null : bad.fields?.driverPhone).toBeTruthy();

    const made = await refusal(issuePassAction({ ok: false }, fields(base)));
    const [row] = await db()
      .db.select({ code: gatePasses.code, vehicle: gatePasses.vehicleNumber })
      .from(gatePasses)
      .innerJoin(bills, eq(bills.id, gatePasses.billId))
      .where(eq(bills.billNumber, billNumber));
    expect(row?.vehicle).toBe("RJ14GB1234");
    expect(made).toContain(`;/passes/${row?.code};`);

    const again = await issuePassAction({ ok: false }, fields(base));
    expect(again).toMatchObject({ ok: false, code: "pass_exists" });
    expect(again.ok ? "" : again.message).toContain(row?.code ?? "?");
  });

  it("says before anything is typed that a bill is not completed, and fills the bill's vehicle", async () => {
    const open = await makeBill(db().db, biller, labels, { capacity: 2, vehicleNumber: "UP32AB1234" });
    signIn(biller);
    const html = await render("newPass", {}, { bill: open.billNumber });
    expect(html).toContain("only a completed bill gets a gate pass");
    expect(html).toContain('value="UP32AB1234"');
    expect(html).toContain(`value="${open.billNumber}"`);
  });
});

describe("the bill page and the dispatch sheet", () => {
  it("offer to issue a pass for a completed bill, then link to it and name its driver", async () => {
    const { billNumber } = await makeCompletedBill(db().db, { actor: biller, labels });
    signIn(biller);
    const before = await render("bill", { billNumber });
    expect(before).toContain(`href="/passes/new?bill=${encodeURIComponent(billNumber)}"`);
    expect(before).toContain("Issue gate pass");
    expect((await loadDispatchSheet(db().db, billNumber))?.driver).toBeUndefined();

    const pass = await makePass(db().db, { issuer: biller, billNumber, driverName: "Mohan Lal", driverPhone: "9829000001", vehicleNumber: "RJ14CA0001" });
    const after = await render("bill", { billNumber });
    expect(after).toContain(`href="/passes/${pass.code}"`);
    expect(after).not.toContain("Issue gate pass");
    expect((await loadDispatchSheet(db().db, billNumber))?.driver).toEqual({ name: "Mohan Lal", phone: "9829000001", vehicleNumber: "RJ14CA0001", passCode: pass.code });

    // A revoked pass no longer names the truck, and the bill may get a new one.
    await revokePass(ctxOf(db().db, biller), { code: pass.code, reason: "Wrong truck" });
    expect((await loadDispatchSheet(db().db, billNumber))?.driver).toBeUndefined();
    expect(await render("bill", { billNumber })).toContain("Issue gate pass");
  });
});

describe("the pass list", () => {
  it("lists passes for billers with filters kept in the CSV link, and is forbidden to the gate role", async () => {
    const pass = await makePass(db().db, { issuer: biller, labels, vehicleNumber: "MH12ZZ9876" });
    signIn(biller);
    const html = await render("list", {}, { q: "MH12ZZ", status: "active" });
    expect(html).toContain(pass.code);
    expect(html).toContain('href="/passes/csv?q=MH12ZZ&amp;status=active"');
    expect(await render("list", {}, { q: "no-such-vehicle" })).toContain("No passes match these filters.");
    signIn(gate);
    expect(await refusal(render("list"))).toMatch(/403/);
  });
});
