import { BinaryBitmap, DecodeHintType, HybridBinarizer, QRCodeReader, RGBLuminanceSource } from "@zxing/library";
import { eq } from "drizzle-orm";
import type { ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as getStatusRoute } from "@/app/api/status/[token]/route";
import { bills, gatePasses, users } from "@/db/schema";
import type { PublicBillStatus } from "@/lib/dto/status-link";
import type { SessionUser } from "@/lib/server/auth/session";
import { getBill } from "@/lib/server/bills/detail";
import { latestPassOfBill } from "@/lib/server/bills/latest-pass";
import { addParentToBill } from "@/lib/server/bills/parents";
import { deleteBill } from "@/lib/server/bills/mutations";
import { getEnv } from "@/lib/server/env";
import { scanGatePass } from "@/lib/server/passes/gate-scan";
import { statusLinkOf, statusLinkOfBill } from "@/lib/server/status-link/link";
import { readPublicStatus } from "@/lib/server/status-link/read";
import { signStatusToken } from "@/lib/server/status-link/token";
import { labelMaker, makeBill, makeParent } from "../support/bill-factories";
import { holdClockAtMinuteStart } from "../support/clock";
import { ctxOf, sessionUserOf } from "../support/context";
import { setupTestDb } from "../support/db";
import { makeUser } from "../support/factories";
import { makeCompletedBill, makePass } from "../support/pass-factories";

// A bill's public status link (issue 18): the one narrow read gives the right facts for a bill
// being loaded, loaded and dispatched; the JSON and the rendered page show no staff, customer,
// driver or vehicle (made here with names nobody else uses); tampered, expired and deleted links
// say so; the 61st look-up a minute from one address is refused (429).

// In-process limits: this file counts its own look-ups.
delete process.env.REDIS_URL;

const request = vi.hoisted(() => ({ ip: "198.51.100.1", path: "" }));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "x-forwarded-for": request.ip, "x-request-id": "status-link", "user-agent": "vitest", "x-tracetrack-path": request.path }),
  cookies: async () => ({ get: () => undefined, has: () => false, getAll: () => [], set: () => undefined, delete: () => undefined }),
}));

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/server/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/server/auth/session")>()),
  getCurrentUser: async () => session.user,
  peekCurrentSession: async () => session.user,
}));
// next.config.ts turns on experimental.authInterrupts; forbidden() reads it from here.
process.env.__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS = "true";

const db = setupTestDb();
const labels = labelMaker(9);

// Names that appear nowhere else: if any reaches the public output, the test sees it.
const SECRET_WORDS = {
  biller: "quokka_biller_zx",
  issuer: "numbat_issuer_zx",
  guard: "pangolin_guard_zx",
  admin: "axolotl_admin_zx",
  customer: "Okapi Agro Traders Zx",
  driver: "Tapir Singh Zx",
  coDriver: "Dugong Yadav Zx",
  vehicle: "RJ14GB9876",
  notes: "Kinkajou notes zx",
  description: "Capybara description zx",
};

type User = Awaited<ReturnType<typeof makeUser>>;
async function namedUser(role: User["role"], username: string): Promise<User> {
  const user = await makeUser(db().db, role);
  await db().db.update(users).set({ username, name: username }).where(eq(users.id, user.id));
  return { ...user, username };
}

let biller: User;
let issuer: User;
let guard: User;
let admin: User;

beforeAll(async () => {
  biller = await namedUser("biller", SECRET_WORDS.biller);
  issuer = await namedUser("biller", SECRET_WORDS.issuer);
  guard = await namedUser("gate", SECRET_WORDS.guard);
  admin = await namedUser("admin", SECRET_WORDS.admin);
});

afterEach(() => {
  vi.useRealTimers();
});

let ipSeq = 0;
/** A fresh client address per test, so the per-IP limit counts only this test's look-ups. */
function freshIp(): string {
  request.ip = `198.51.100.${(ipSeq += 1)}`;
  return request.ip;
}

const tokenOf = (url: string) => url.split("/status/")[1] ?? "";

async function billIdOf(billNumber: string): Promise<number> {
  const [row] = await db().db.select({ id: bills.id }).from(bills).where(eq(bills.billNumber, billNumber));
  if (!row) throw new Error(`no bill ${billNumber}`);
  return row.id;
}

async function linkOf(billNumber: string): Promise<string> {
  const link = await statusLinkOfBill(db().db, billNumber);
  if (!link) throw new Error(`no link for ${billNumber}`);
  return tokenOf(link.url);
}

function askJson(token: string, ip = request.ip) {
  return getStatusRoute(new Request(`http://localhost/api/status/${token}`, { headers: { "x-forwarded-for": ip } }), {
    params: Promise.resolve({ token }),
  });
}

async function json(token: string, ip = request.ip) {
  const res = await askJson(token, ip);
  return { status: res.status, text: await res.clone().text(), body: (await res.json()) as { status?: PublicBillStatus & Record<string, unknown>; error?: { code: string; message: string } }, res };
}

type Page = (props: { params: Promise<{ token: string }> }) => Promise<ReactNode>;

/** The public page as HTML, or the digest Next's notFound() throws with, and then the not-found screen. */
async function renderPage(token: string): Promise<{ outcome: "rendered" | string; html: string }> {
  request.path = `/status/${token}`;
  const Page = ((await import("@/app/status/[token]/page")) as { default: Page }).default;
  try {
    return { outcome: "rendered", html: renderToStaticMarkup(await Page({ params: Promise.resolve({ token }) })) };
  } catch (err) {
    const digest = (err as { digest?: unknown }).digest;
    if (typeof digest !== "string") throw err;
    const NotFound = ((await import("@/app/status/[token]/not-found")) as { default: () => Promise<ReactNode> }).default;
    return { outcome: digest, html: renderToStaticMarkup(await NotFound()) };
  }
}

function expectNoSecrets(text: string, what: string) {
  for (const [kind, word] of Object.entries(SECRET_WORDS)) expect(text.toLowerCase(), `${what} shows the ${kind}`).not.toContain(word.toLowerCase());
}

/** A bill being loaded: two parents (5 and 3 children), created by the biller. */
async function billBeingLoaded(): Promise<string> {
  const bill = await makeBill(db().db, biller, labels, { capacity: 3, customer: SECRET_WORDS.customer, vehicleNumber: SECRET_WORDS.vehicle, description: SECRET_WORDS.description });
  for (const children of [5, 3]) {
    const parent = await makeParent(db().db, labels, { children });
    await addParentToBill(ctxOf(db().db, biller), { billNumber: bill.billNumber, qr: parent.qr });
  }
  return bill.billNumber;
}

/** A bill whose truck left: completed by the biller, pass issued by the issuer, admitted by the guard. */
async function dispatchedBill(): Promise<{ billNumber: string; usedAt: Date; passCode: string }> {
  const { billNumber } = await makeCompletedBill(db().db, { actor: biller, labels, parents: 3, children: 4, customer: SECRET_WORDS.customer });
  const pass = await makePass(db().db, {
    billNumber,
    issuer,
    driverName: SECRET_WORDS.driver,
    coDriverName: SECRET_WORDS.coDriver,
    coDriverPhone: "9829054321",
    vehicleNumber: SECRET_WORDS.vehicle,
    notes: SECRET_WORDS.notes,
  });
  if (!pass.payload) throw new Error("pass without payload");
  const scan = await scanGatePass(ctxOf(db().db, guard), { payload: pass.payload });
  expect(scan.result).toBe("admitted");
  const [row] = await db().db.select({ usedAt: gatePasses.usedAt }).from(gatePasses).where(eq(gatePasses.code, pass.code));
  if (!row?.usedAt) throw new Error("pass not used");
  return { billNumber, usedAt: row.usedAt, passCode: pass.code };
}

describe("readPublicStatus", () => {
  it("gives a bill being loaded: not dispatched, its parents and actual weight", async () => {
    const billNumber = await billBeingLoaded();
    const expiresAt = new Date(Date.now() + 86_400_000);
    const now = new Date();
    expect(await readPublicStatus(db().db, await billIdOf(billNumber), expiresAt, now)).toEqual({
      billNumber,
      dispatched: false,
      dispatchedAt: null,
      state: "being_loaded",
      parents: 2,
      weightKg: 8,
      asOf: now,
      expiresAt,
    });
  });

  it("gives a completed bill as loaded and waiting, and a dispatched one with the time it left the gate", async () => {
    const { billNumber: loaded } = await makeCompletedBill(db().db, { actor: biller, labels, parents: 2, children: 6 });
    const expiresAt = new Date(Date.now() + 86_400_000);
    expect(await readPublicStatus(db().db, await billIdOf(loaded), expiresAt)).toMatchObject({ dispatched: false, dispatchedAt: null, state: "loaded", parents: 2, weightKg: 12 });

    const left = await dispatchedBill();
    expect(await readPublicStatus(db().db, await billIdOf(left.billNumber), expiresAt)).toMatchObject({
      billNumber: left.billNumber,
      dispatched: true,
      dispatchedAt: left.usedAt,
      state: "dispatched",
      parents: 3,
      weightKg: 12,
    });
  });

  it("gives null for a bill that does not exist", async () => {
    expect(await readPublicStatus(db().db, 987_654_321, new Date(Date.now() + 1000))).toBeNull();
  });
});

describe("GET /api/status/[token] and the page /status/[token]", () => {
  it("answer a dispatched bill's facts, and nothing of its staff, customer, driver or truck", async () => {
    freshIp();
    const left = await dispatchedBill();
    // The control: staff pages do see these names for this very bill.
    const staffView = JSON.stringify([await getBill(db().db, left.billNumber), await latestPassOfBill(db().db, left.billNumber)]);
    for (const word of [SECRET_WORDS.biller, SECRET_WORDS.guard, SECRET_WORDS.customer, SECRET_WORDS.driver, SECRET_WORDS.vehicle]) expect(staffView).toContain(word);
    const token = await linkOf(left.billNumber);
    const r = await json(token);
    expect(r.status).toBe(200);
    expect(r.res.headers.get("cache-control")).toBe("no-store");
    expect(r.res.headers.get("referrer-policy")).toBe("no-referrer");
    expect(Object.keys(r.body.status ?? {}).sort()).toEqual(["asOf", "billNumber", "dispatched", "dispatchedAt", "expiresAt", "parents", "state", "weightKg"]);
    expect(r.body.status).toMatchObject({ billNumber: left.billNumber, dispatched: true, dispatchedAt: left.usedAt.toISOString(), state: "dispatched", parents: 3, weightKg: 12 });
    expectNoSecrets(r.text, "the JSON");
    expect(r.text).not.toContain(left.passCode);

    const page = await renderPage(token);
    expect(page.outcome).toBe("rendered");
    expect(page.html).toContain(left.billNumber);
    expect(page.html).toContain("Dispatched");
    expect(page.html).toContain("Left the gate on");
    expect(page.html).toMatch(/data-testid="status-parents"[^>]*>3</);
    expect(page.html).toMatch(/data-testid="status-weight"[^>]*>12 kg</);
    expect(page.html).toContain("As of");
    expect(page.html).toContain("This link works until");
    expectNoSecrets(page.html, "the page");
    expect(page.html).not.toContain(left.passCode);
    // No staff shell: nothing to navigate to, no sign-out.
    expect(page.html).not.toMatch(/<nav|Sign out|data-testid="current-user"/);
  });

  it("answer a bill not dispatched yet with its state in plain words, and none of the names", async () => {
    freshIp();
    const billNumber = await billBeingLoaded();
    const token = await linkOf(billNumber);
    const r = await json(token);
    expect(r.body.status).toMatchObject({ billNumber, dispatched: false, dispatchedAt: null, state: "being_loaded", parents: 2, weightKg: 8 });
    expectNoSecrets(r.text, "the JSON");
    const page = await renderPage(token);
    expect(page.html).toContain("Not dispatched yet");
    expect(page.html).toContain("Being loaded");
    expectNoSecrets(page.html, "the page");
  });

  it("refuse a link with one character changed: 400 invalid_link, and the page says it is not valid (404)", async () => {
    freshIp();
    const billNumber = await billBeingLoaded();
    const token = await linkOf(billNumber);
    for (const i of [0, token.indexOf(".") + 1, token.length - 1]) {
      const tampered = token.slice(0, i) + (token[i] === "a" ? "b" : "a") + token.slice(i + 1);
      const r = await json(tampered);
      expect([r.status, r.body.error?.code], `position ${i}`).toEqual([400, "invalid_link"]);
      expect(r.body.error?.message).toBe("This status link is not valid — it may have been mistyped or changed.");
      expect(r.text).not.toContain(billNumber);
      const page = await renderPage(tampered);
      expect(page.outcome).toBe("NEXT_HTTP_ERROR_FALLBACK;404");
      expect(page.html).toContain("This status link is not valid — it may have been mistyped or changed.");
      expect(page.html).not.toContain(billNumber);
    }
  });

  it("refuse an expired link: 410 expired_link naming when, and the page says ask for a new one", async () => {
    freshIp();
    const billNumber = await billBeingLoaded();
    const expiredAt = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
    const token = signStatusToken(await billIdOf(billNumber), expiredAt, getEnv().statusLinkSecret);
    const r = await json(token);
    expect([r.status, r.body.error?.code]).toEqual([410, "expired_link"]);
    expect(r.body.error?.message).toMatch(/^This status link expired on .+ IST\. Ask the sender for a new one\.$/);
    expect(r.text).not.toContain(billNumber);
    const page = await renderPage(token);
    expect(page.outcome).toBe("NEXT_HTTP_ERROR_FALLBACK;404");
    expect(page.html).toMatch(/This status link expired on .+ IST\. Ask the sender for a new one\./);
  });

  it("refuse a link signed with another secret as not valid", async () => {
    freshIp();
    const billNumber = await billBeingLoaded();
    const env = { APP_URL: undefined, statusLinkSecret: "some-other-secret-0123456789abcdefghijklmnop", statusLinkDays: 14 };
    const r = await json(tokenOf(statusLinkOf(await billIdOf(billNumber), env).url));
    expect([r.status, r.body.error?.code]).toEqual([400, "invalid_link"]);
  });

  it("say a deleted bill's link is no longer available (404 not_found)", async () => {
    freshIp();
    const billNumber = await billBeingLoaded();
    const token = await linkOf(billNumber);
    await deleteBill(ctxOf(db().db, admin), { billNumber });
    const r = await json(token);
    expect([r.status, r.body.error?.code]).toEqual([404, "not_found"]);
    expect(r.body.error?.message).toMatch(/no longer available/);
    const page = await renderPage(token);
    expect(page.outcome).toBe("NEXT_HTTP_ERROR_FALLBACK;404");
    expect(page.html).toMatch(/no longer available/);
  });

  it("let one address look up 60 times a minute: the 61st is 429 with Retry-After, the page says so too; another address is unaffected", async () => {
    const billNumber = await billBeingLoaded();
    const token = await linkOf(billNumber);
    // One minute's budget, spent inside one minute (a sliding window leaks across the edge).
    holdClockAtMinuteStart();
    const ip = freshIp();
    const statuses: number[] = [];
    // Garbage counts too: guessing tokens is what the limit slows down.
    for (let i = 0; i < 60; i += 1) statuses.push((await askJson(i % 2 ? token : `junk-${i}`, ip)).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(30);
    expect(statuses.filter((s) => s === 400)).toHaveLength(30);
    const limited = await json(token, ip);
    expect([limited.status, limited.body.error?.code]).toEqual([429, "rate_limited"]);
    expect(limited.res.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(limited.body.error?.message).toMatch(/^Too many status look-ups\. Please wait \d+ seconds? and try again\.$/);
    expect(limited.text).not.toContain(billNumber);
    // The page shares the budget: same address, same answer in words.
    const page = await renderPage(token);
    expect(page.outcome).toBe("rendered");
    expect(page.html).toContain("Too many look-ups");
    expect(page.html).not.toContain(billNumber);
    expect((await askJson(token, freshIp())).status).toBe(200);
  });
});

describe("the printed and shown links", () => {
  it("point at the bill's public status, expiring statusLinkDays (14 by default) from when they were made", async () => {
    freshIp();
    const billNumber = await billBeingLoaded();
    const before = Date.now();
    const link = await statusLinkOfBill(db().db, billNumber.toLowerCase());
    expect(link?.url).toMatch(/^https?:\/\/[^/]+\/status\/[0-9a-z]+\.[0-9a-z]+\.[A-Za-z0-9_-]{43}$/);
    const days = getEnv().statusLinkDays;
    expect(link?.expiresAt.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + days * 86_400_000);
    expect(link?.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + days * 86_400_000);
    expect(await statusLinkOfBill(db().db, "NO-SUCH-BILL")).toBeNull();
  });
});

describe("the staff pages that hand the link out", () => {
  type StaffPage = (props: { params: Promise<Record<string, string>>; searchParams: Promise<Record<string, string>> }) => Promise<ReactNode>;
  async function renderStaff(module: Promise<unknown>, params: Record<string, string>, as: User = biller): Promise<string> {
    session.user = sessionUserOf(as);
    const Page = ((await module) as { default: StaffPage }).default;
    return renderToStaticMarkup(await Page({ params: Promise.resolve(params), searchParams: Promise.resolve({}) }));
  }
  /**
   * Reads the "Track this load" QR of a page back to its text: the SVG `qrcode` drew (one stroked
   * line per run of dark modules) rasterised at 4 px a module, then decoded by zxing.
   */
  function trackQrText(html: string): string {
    const src = /<img[^>]*alt="QR code: track this load"[^>]*>/.exec(html)?.[0].match(/src="data:image\/svg\+xml;base64,([^"]+)"/)?.[1] ?? "";
    const svg = Buffer.from(src, "base64").toString("utf8");
    const size = Number(/viewBox="0 0 (\d+) \d+"/.exec(svg)?.[1]);
    const dark = new Set<number>();
    let x = 0;
    let y = 0;
    for (const [, cmd, a = "0", b = "0"] of (/<path stroke="[^"]+" d="([^"]+)"/.exec(svg)?.[1] ?? "").matchAll(/([MmHh])(-?[\d.]+)(?: (-?[\d.]+))?/g)) {
      if (cmd === "M") [x, y] = [Number(a), Math.floor(Number(b))];
      else if (cmd === "m") [x, y] = [x + Number(a), y + Math.floor(Number(b))];
      else for (let i = 0; i < Number(a); i += 1, x += 1) dark.add(y * size + x);
    }
    const scale = 4;
    const quiet = 4;
    const w = (size + 2 * quiet) * scale;
    const lum = new Uint8ClampedArray(w * w).fill(255);
    for (let py = 0; py < w; py += 1) {
      for (let px = 0; px < w; px += 1) {
        if (dark.has((Math.floor(py / scale) - quiet) * size + Math.floor(px / scale) - quiet) && px >= quiet * scale && px < (size + quiet) * scale) lum[py * w + px] = 0;
      }
    }
    // PURE_BARCODE: the bitmap is the code alone, drawn exactly. Without the hint zxing's finder-pattern
    // detector missed ~2 % of random tokens (7 of 300 measured) on such perfect images; with it, 0 of 2000.
    const pure = new Map([[DecodeHintType.PURE_BARCODE, true]]);
    return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(lum, w, w))), pure).getText();
  }

  /** The status link inside a page's HTML, checked to open this bill's public status. */
  async function linkIn(html: string, billNumber: string): Promise<string> {
    const token = /\/status\/([0-9a-z]+\.[0-9a-z]+\.[A-Za-z0-9_-]{43})/.exec(html)?.[1] ?? "";
    freshIp();
    expect((await json(token)).body.status?.billNumber).toBe(billNumber);
    return token;
  }

  it("print a Track this load QR on the dispatch sheet and on the gate pass, with when it expires", async () => {
    const { billNumber } = await makeCompletedBill(db().db, { actor: biller, labels, parents: 1, children: 2 });
    const sheet = await renderStaff(import("@/app/(app)/bills/[billNumber]/print/page"), { billNumber });
    expect(sheet).toContain("Track this load");
    expect(sheet).toMatch(/<img[^>]*alt="QR code: track this load"[^>]*src="data:image\/svg\+xml;base64,|<img[^>]*src="data:image\/svg\+xml;base64,[^"]*"[^>]*alt="QR code: track this load"/);
    expect(sheet).toMatch(/data-testid="track-this-load-expiry"[^>]*>Link works until .+ IST</);
    // The QR itself opens this bill's public status.
    await linkIn(trackQrText(sheet), billNumber);

    const pass = await makePass(db().db, { billNumber, issuer });
    const printed = await renderStaff(import("@/app/(app)/passes/[code]/print/page"), { code: pass.code });
    expect(printed).toContain("Track this load");
    await linkIn(trackQrText(printed), billNumber);
  });

  it("show billers the link on the bill page, with its expiry and a copy button; it opens the bill's status", async () => {
    const billNumber = await billBeingLoaded();
    const html = await renderStaff(import("@/app/(app)/bills/[billNumber]/page"), { billNumber });
    expect(html).toContain("Public status link");
    expect(html).toContain("Copy link");
    expect(html).toMatch(/data-testid="status-link-expiry"[^>]*>.+ IST</);
    const url = /<input[^>]*data-testid="status-link-url"[^>]*>/.exec(html)?.[0].match(/value="([^"]+)"/)?.[1] ?? "";
    expect(url).toMatch(/^https?:\/\/[^/]+\/status\//);
    await linkIn(url, billNumber);
  });
});
