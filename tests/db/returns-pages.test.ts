import { sql } from "drizzle-orm";
import { renderToStaticMarkup } from "react-dom/server";
import type { ReactNode } from "react";
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { SessionUser } from "@/lib/server/auth/session";
import { returnBag } from "@/lib/server/returns/scan";
import { createTicket } from "@/lib/server/returns/tickets";
import { labelMaker } from "../support/bill-factories";
import { ctxOf, sessionUserOf } from "../support/context";
import { setupTestDb } from "../support/db";
import { makeUser } from "../support/factories";
import { makeCompletedBill } from "../support/pass-factories";

// The return ticket pages and their server actions, through the real guards and verbs (as pass-pages).

const state = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "x-forwarded-for": "198.51.100.9", "x-request-id": "return-pages", "user-agent": "vitest" }),
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
process.env.__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS = "true";

const db = setupTestDb();
const labels = labelMaker(2);
type User = Awaited<ReturnType<typeof makeUser>>;
let biller: User;
let dispatcher: User;

beforeAll(async () => {
  biller = await makeUser(db().db, "biller");
  dispatcher = await makeUser(db().db, "dispatcher");
});

const signIn = (user: User) => {
  state.user = sessionUserOf(user);
};

type Page = (props: { params: Promise<Record<string, string>>; searchParams: Promise<Record<string, string>> }) => Promise<ReactNode>;
const pageOf = async (module: Promise<unknown>) => ((await module) as { default: Page }).default;
const pages = {
  list: () => pageOf(import("@/app/(app)/returns/page")),
  detail: () => pageOf(import("@/app/(app)/returns/[code]/page")),
  newTicket: () => pageOf(import("@/app/(app)/returns/new/page")),
  bill: () => pageOf(import("@/app/(app)/bills/[billNumber]/page")),
};

async function render(page: keyof typeof pages, params: Record<string, string> = {}, search: Record<string, string> = {}): Promise<string> {
  const Page = await pages[page]();
  return renderToStaticMarkup(await Page({ params: Promise.resolve(params), searchParams: Promise.resolve(search) }));
}

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

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
};

describe("return ticket pages", () => {
  it("an open ticket is a scan station; the list links it; the bill shows its return history", async () => {
    signIn(biller);
    const bill = await makeCompletedBill(db().db, { actor: biller, labels, parents: 2, children: 5 });
    const t = await createTicket(ctxOf(db().db, biller), { area: "jaipur", notes: "Dealer <b>X</b>" });
    await returnBag(ctxOf(db().db, biller), { code: t.code, qr: bill.parentQrs[0] });

    const html = await render("detail", { code: t.code.toLowerCase() });
    for (const id of ["scan-input", "scan-feedback", "return-bags-count", "return-weight", "return-finalize", "return-cancel", "returned-bags"]) expect(html).toContain(id);
    expect(html).toContain(bill.parentQrs[0]);
    expect(html).toContain("Dealer &lt;b&gt;X&lt;/b&gt;");
    expect(html).toContain("Edit ticket");

    const list = await render("list", {}, { status: "open" });
    expect(list).toContain(`/returns/${t.code}`);
    expect(list).toContain("New return ticket");
    expect(await render("newTicket")).toContain("C&amp;F location");

    const billPage = await render("bill", { billNumber: bill.billNumber });
    expect(billPage).toContain("bill-return-history");
    expect(billPage).toContain(`/returns/${t.code}`);
    expect(billPage).toMatch(/2 → 1/);
  });

  it("the actions scan, refuse, finalize; a closed ticket shows its read-only record", async () => {
    signIn(biller);
    const bill = await makeCompletedBill(db().db, { actor: biller, labels, parents: 2, children: 4 });
    const { createReturnTicketAction } = await import("@/app/(app)/returns/new/actions");
    const bad = await createReturnTicketAction({ ok: false }, form({ area: "", notes: "n" }));
    expect(bad).toMatchObject({ ok: false, fields: { area: expect.any(Array) }, values: { notes: "n" } });
    expect(await refusal(createReturnTicketAction({ ok: false }, form({ area: "hisar" })))).toMatch(/NEXT_REDIRECT;.*\/returns\/RTN-\d{8}-\d{4}/);
    const [row] = await db().rows<{ code: string }>(sql`select code from return_tickets where area = 'hisar'`);
    const code = row?.code ?? "";

    const { returnBagAction, finalizeTicketAction, cancelTicketAction, updateTicketAction } = await import("@/app/(app)/returns/[code]/actions");
    expect(await returnBagAction(code, bill.parentQrs[0])).toMatchObject({ ok: true, result: "returned", bill: { linkedCount: 1 }, ticket: { bagsCount: 1, weightKg: 4 } });
    expect(await returnBagAction(code, bill.parentQrs[0])).toMatchObject({ ok: false, code: "duplicate" });
    expect(await updateTicketAction(code, { ok: false }, form({ area: "jaipur", notes: "two torn" }))).toMatchObject({ ok: true });
    expect(await finalizeTicketAction(code)).toMatchObject({ ok: true, ticket: { status: "finalized" } });
    expect(await cancelTicketAction(code)).toMatchObject({ ok: false, code: "ticket_closed" });

    const html = await render("detail", { code });
    expect(html).toContain("return-closed");
    expect(html).not.toContain("scan-input");
    expect(html).not.toContain("return-finalize");
    expect(html).toContain("two torn");

    signIn(dispatcher);
    expect(await returnBagAction(code, bill.parentQrs[1])).toMatchObject({ ok: false, code: "forbidden" });
  });

  it("is not found for unknown or malformed codes, and forbidden to a dispatcher", async () => {
    signIn(biller);
    expect(await refusal(render("detail", { code: "RTN-20000101-0009" }))).toMatch(/404/);
    expect(await refusal(render("detail", { code: "nope\u0000" }))).toMatch(/404/);
    signIn(dispatcher);
    expect(await refusal(render("list"))).toMatch(/403/);
    expect(await refusal(render("newTicket"))).toMatch(/403/);
    expect(await refusal(render("detail", { code: "RTN-20000101-0009" }))).toMatch(/403/);
  });
});
