import { renderToStaticMarkup } from "react-dom/server";
import { createElement, type ReactNode } from "react";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { EodReport } from "@/components/reports/eod-report";
import { StatCard } from "@/components/dashboard/stat-card";
import type { EodSummary } from "@/lib/dto/reports";
import type { Locale } from "@/lib/preferences";
import type { SessionUser } from "@/lib/server/auth/session";
import { returnBag } from "@/lib/server/returns/scan";
import { createTicket } from "@/lib/server/returns/tickets";
import { labelMaker } from "../support/bill-factories";
import { ctxOf, sessionUserOf } from "../support/context";
import { setupTestDb } from "../support/db";
import { makeUser } from "../support/factories";
import { makeCompletedBill, makePass } from "../support/pass-factories";

// Issue 19: the office pages (gate passes, return tickets, end of day, dashboard numbers) in
// Hindi for a Hindi reader, numbers in lakh grouping; the same pages stay English for others.
// Rendered as pass-pages and returns-pages render them, with the reader's language set.

const state = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "x-forwarded-for": "198.51.100.9", "x-request-id": "office-hindi", "user-agent": "vitest" }),
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
const labels = labelMaker(9);
type User = Awaited<ReturnType<typeof makeUser>>;
let biller: User;

beforeAll(async () => {
  biller = await makeUser(db().db, "biller");
});

/** Signs in `user` reading `locale` (their saved choice, and the language hooks render in). */
function signIn(user: User, locale: Locale) {
  state.user = sessionUserOf(user, { locale });
  (globalThis as { __TT_TEST_LOCALE?: Locale }).__TT_TEST_LOCALE = locale;
}
afterEach(() => {
  delete (globalThis as { __TT_TEST_LOCALE?: Locale }).__TT_TEST_LOCALE;
});

type Page = (props: { params: Promise<Record<string, string>>; searchParams: Promise<Record<string, string>> }) => Promise<ReactNode>;
const pageOf = async (module: Promise<unknown>) => ((await module) as { default: Page }).default;
const pages = {
  passes: () => pageOf(import("@/app/(app)/passes/page")),
  pass: () => pageOf(import("@/app/(app)/passes/[code]/page")),
  ticket: () => pageOf(import("@/app/(app)/returns/[code]/page")),
};
async function render(page: keyof typeof pages, params: Record<string, string> = {}): Promise<string> {
  const Page = await pages[page]();
  return renderToStaticMarkup(await Page({ params: Promise.resolve(params), searchParams: Promise.resolve({}) }));
}
const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
};

const BIG: EodSummary = {
  report_date: "2026-12-01",
  generated_at: "2026-12-01T12:30:00Z",
  total_bills: 1800000,
  bills_by_status: { new: 1, processing: 2, completed: 3, dispatched: 4 },
  bills_by_user: { "(deleted user)": 2 },
  total_parent_bags: 123456,
  total_child_bags: 2500000,
  total_weight_kg: 2500000,
  total_expected_weight_kg: 2600000.5,
  detailed_bills: [],
  returns: { tickets: 1, finalized: 0, cancelled: 0, parents_returned: 0, weight_kg: 0 },
  gate_passes_used: 0,
};

describe("the office pages in Hindi", () => {
  it("shows the pass list and a pass in Hindi, its status, facts and history, and says a revoke in Hindi", async () => {
    const pass = await makePass(db().db, { issuer: biller, labels });
    signIn(biller, "hi");
    const list = await render("passes");
    expect(list).toContain("गेट पास");
    expect(list).toContain(pass.code);
    expect(list).not.toContain("Gate passes");

    const detail = await render("pass", { code: pass.code });
    expect(detail).toContain("सक्रिय");
    expect(detail).toContain("पैरेंट बैग");
    expect(detail).toContain(`बिल ${pass.billNumber} के लिए बना`);
    expect(detail).toContain("यह पास रद्द करें");
    expect(detail).not.toMatch(/Revoke this pass|Parent bags|Issued for bill/);

    const { revokePassAction } = await import("@/app/(app)/passes/[code]/actions");
    expect(await revokePassAction(pass.code, { ok: false }, form({ reason: "गलत ट्रक" }))).toMatchObject({
      ok: true,
      message: `पास ${pass.code} रद्द हो गया। गेट इसे नहीं मानेगा।`,
    });
    expect(await revokePassAction(pass.code, { ok: false }, form({ reason: "फिर से" }))).toMatchObject({
      ok: false,
      code: "pass_revoked",
      message: `पास ${pass.code} पहले ही रद्द है।`,
    });
  });

  it("shows an open return ticket's station in Hindi and answers a duplicate scan in Hindi", async () => {
    const bill = await makeCompletedBill(db().db, { actor: biller, labels, parents: 2, children: 3 });
    const ticket = await createTicket(ctxOf(db().db, biller), { area: "jaipur" });
    await returnBag(ctxOf(db().db, biller), { code: ticket.code, qr: bill.parentQrs[0] });
    signIn(biller, "hi");
    const html = await render("ticket", { code: ticket.code });
    expect(html).toContain("टिकट अंतिम करें");
    expect(html).toContain("जयपुर");
    expect(html).toContain("लौटे पैरेंट बैग (1)");
    expect(html).not.toMatch(/Finalize ticket|Returned parent bags/);

    const { returnBagAction } = await import("@/app/(app)/returns/[code]/actions");
    expect(await returnBagAction(ticket.code, bill.parentQrs[0])).toMatchObject({
      ok: false,
      code: "duplicate",
      message: `${bill.parentQrs[0]} पहले से इस टिकट पर है — कुछ नहीं बदला।`,
    });
  });

  it("groups big numbers in lakhs in both languages, and words the end-of-day report in Hindi", () => {
    signIn(biller, "hi");
    const hindi = renderToStaticMarkup(createElement(EodReport, { summary: BIG }));
    expect(hindi).toContain("18,00,000");
    expect(hindi).toContain("25,00,000 kg");
    expect(hindi).toContain("अनुमानित 26,00,000.5 kg");
    expect(hindi).toContain("बने बिल");
    expect(hindi).toContain("(हटाया गया यूज़र)");
    expect(hindi).not.toMatch(/Bills created|deleted user/);
    expect(renderToStaticMarkup(createElement(StatCard, { label: "x", value: 1800000, testId: "t" }))).toContain("18,00,000");

    signIn(biller, "en");
    const english = renderToStaticMarkup(createElement(EodReport, { summary: BIG }));
    expect(english).toContain("18,00,000");
    expect(english).toContain("Bills created");
    expect(english).toContain("Expected 26,00,000.5 kg");
    expect(english).toContain("(deleted user)");
  });
});
