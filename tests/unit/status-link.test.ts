import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import type { BillStatus } from "@/lib/domain";
import { statusLinkOf } from "@/lib/server/status-link/link";
import { refusalMessage, refusalOfToken, statusLinkResponse } from "@/lib/server/status-link/lookup";
import { MAX_TOKEN_LENGTH, signStatusToken, verifyStatusToken } from "@/lib/server/status-link/token";
import { expiredLinkMessage, INVALID_LINK_MESSAGE, publicLoadStateOf, PUBLIC_LOAD_STATE_LABEL, statusHref } from "@/lib/status-link";
import { proxy } from "@/proxy";
import { singleCharacterChanges } from "../support/tamper";

// A bill's public status link token `<billId b36>.<expiry b36>.<signature>` (issue 18 "Must show":
// tamper one character → refused; expired → refused), and the wording built on it.

const SECRET = "status-link-secret-0123456789abcdefghijklmnopqrstuvwxyz";
const OTHER = "another-status-secret-0123456789abcdefghijklmnopqrstuv";
const NOW = new Date("2026-12-01T06:30:00.000Z");
const IN_14_DAYS = new Date(NOW.getTime() + 14 * 86_400_000);
const BILL_ID = 4242;
const valid = signStatusToken(BILL_ID, IN_14_DAYS, SECRET);

const check = (raw: string, secret = SECRET, now = NOW) => verifyStatusToken(raw, secret, now);
const refused = (raw: string, secret = SECRET, now = NOW) => check(raw, secret, now).ok === false;

describe("signStatusToken / verifyStatusToken", () => {
  it("signs <billId base36>.<expiry seconds base36>.<43 base64url characters> and verifies it back", () => {
    const [id, exp, sig] = valid.split(".");
    expect(id).toBe(BILL_ID.toString(36));
    expect(exp).toBe((IN_14_DAYS.getTime() / 1000).toString(36));
    expect(sig).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(check(valid)).toEqual({ ok: true, billId: BILL_ID, expiresAt: IN_14_DAYS });
  });

  it("round-trips bill ids from 1 to the largest safe integer", () => {
    for (const id of [1, 35, 36, 1_000_000, 2 ** 40, Number.MAX_SAFE_INTEGER]) {
      expect(check(signStatusToken(id, IN_14_DAYS, SECRET))).toEqual({ ok: true, billId: id, expiresAt: IN_14_DAYS });
    }
    for (const bad of [0, -1, 1.5, Number.MAX_SAFE_INTEGER + 1, Number.NaN]) expect(() => signStatusToken(bad, IN_14_DAYS, SECRET), String(bad)).toThrow();
  });

  it("trims surrounding whitespace (a pasted link), and nothing inside", () => {
    expect(check(`  ${valid}\r\n`)).toMatchObject({ ok: true, billId: BILL_ID });
    expect(check(`\t${valid} `)).toMatchObject({ ok: true });
    expect(refused(`${valid.slice(0, 10)} ${valid.slice(10)}`)).toBe(true);
  });

  it("refuses every single-character change at every position of a valid token", () => {
    let tried = 0;
    for (const { changed, at, by } of singleCharacterChanges(valid)) {
      expect(refused(changed), `position ${at} → ${JSON.stringify(by)}`).toBe(true);
      tried += 1;
    }
    expect(tried).toBeGreaterThan(valid.length * 90);
  });

  it("refuses another spelling of the same numbers (upper case, leading zero) and a forged id or expiry", () => {
    const [id, exp, sig] = valid.split(".") as [string, string, string];
    const cases: Record<string, string> = {
      "upper-case id": `${id.toUpperCase()}.${exp}.${sig}`,
      "upper-case expiry": `${id}.${exp.toUpperCase()}.${sig}`,
      "leading zero on the id": `0${id}.${exp}.${sig}`,
      "leading zero on the expiry": `${id}.0${exp}.${sig}`,
      "another bill": `${(BILL_ID + 1).toString(36)}.${exp}.${sig}`,
      "a later expiry": `${id}.${(IN_14_DAYS.getTime() / 1000 + 86_400).toString(36)}.${sig}`,
      "another bill's signature": `${id}.${exp}.${signStatusToken(BILL_ID + 1, IN_14_DAYS, SECRET).split(".")[2]}`,
      "a made-up signature": `${id}.${exp}.${"A".repeat(43)}`,
      "no signature": `${id}.${exp}`,
      "re-ordered": `${exp}.${id}.${sig}`,
      "padding added": `${valid}=`,
      "trailing dot": `${valid}.`,
      "extra part": `${valid}.x`,
      "id zero": `0.${exp}.${sig}`,
      "beyond a safe integer": `${"z".repeat(11)}.${exp}.${sig}`,
      "emoji": `${valid}\u{1F600}`,
      empty: "",
      "only dots": "..",
    };
    for (const [what, raw] of Object.entries(cases)) expect(refused(raw), what).toBe(true);
    for (let n = 0; n < valid.length; n += 1) expect(refused(valid.slice(0, n)), `truncated to ${n}`).toBe(true);
  });

  it("refuses a token signed with another secret", () => {
    expect(check(signStatusToken(BILL_ID, IN_14_DAYS, OTHER))).toEqual({ ok: false, reason: "bad_signature" });
    expect(check(valid, OTHER)).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("refuses an expired token (at its expiry second and after), naming when it expired", () => {
    expect(check(valid, SECRET, new Date(IN_14_DAYS.getTime() - 1000))).toMatchObject({ ok: true });
    expect(check(valid, SECRET, IN_14_DAYS)).toEqual({ ok: false, reason: "expired", expiresAt: IN_14_DAYS });
    expect(check(valid, SECRET, new Date(IN_14_DAYS.getTime() + 86_400_000))).toEqual({ ok: false, reason: "expired", expiresAt: IN_14_DAYS });
    // Only a genuine token is called expired: a forged old one is simply not valid.
    const forgedOld = `${BILL_ID.toString(36)}.${(NOW.getTime() / 1000 - 60).toString(36)}.${"A".repeat(43)}`;
    expect(check(forgedOld)).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("refuses an over-long token at once, before any HMAC", () => {
    expect(check(valid + "A".repeat(10_240))).toEqual({ ok: false, reason: "malformed" });
    expect(check("x".repeat(1_000_000))).toEqual({ ok: false, reason: "malformed" });
    expect(check(valid + " ".repeat(2 * MAX_TOKEN_LENGTH))).toEqual({ ok: false, reason: "malformed" });
    const started = performance.now();
    for (let i = 0; i < 1000; i += 1) check("y".repeat(100_000));
    expect(performance.now() - started).toBeLessThan(500);
  });

  it("says why: malformed for a wrong shape, bad_signature for a well-formed forgery", () => {
    expect(check("hello")).toEqual({ ok: false, reason: "malformed" });
    expect(check(`${BILL_ID.toString(36)}.${(IN_14_DAYS.getTime() / 1000).toString(36)}.${"B".repeat(43)}`)).toEqual({ ok: false, reason: "bad_signature" });
  });
});

describe("statusLinkOf", () => {
  const env = { APP_URL: "https://track.example.com", statusLinkSecret: SECRET, statusLinkDays: 14 };

  it("is APP_URL/status/<token>, expiring statusLinkDays later (whole seconds)", () => {
    const link = statusLinkOf(BILL_ID, env, new Date(NOW.getTime() + 789));
    expect(link.expiresAt).toEqual(IN_14_DAYS);
    expect(link.url).toBe(`https://track.example.com/status/${valid}`);
    const token = link.url.split("/status/")[1] ?? "";
    expect(check(token)).toEqual({ ok: true, billId: BILL_ID, expiresAt: IN_14_DAYS });
    expect(statusLinkOf(BILL_ID, { ...env, statusLinkDays: 1 }, NOW).expiresAt).toEqual(new Date(NOW.getTime() + 86_400_000));
  });

  it("points where `next dev` listens when APP_URL is unset (development)", () => {
    expect(statusLinkOf(1, { ...env, APP_URL: undefined }, NOW).url).toMatch(/^http:\/\/localhost:3000\/status\/1\./);
  });
});

describe("the refusals", () => {
  it("word each case and map it to its HTTP status and JSON code", () => {
    expect(statusLinkResponse({ ok: false, code: "invalid_link" })).toEqual({ status: 400, body: { error: { code: "invalid_link", message: INVALID_LINK_MESSAGE } }, headers: {} });
    expect(INVALID_LINK_MESSAGE).toBe("This status link is not valid — it may have been mistyped or changed.");
    const expired = statusLinkResponse({ ok: false, code: "expired_link", expiredAt: IN_14_DAYS });
    expect(expired).toMatchObject({ status: 410, body: { error: { code: "expired_link", expiredAt: IN_14_DAYS } } });
    expect(expiredLinkMessage(IN_14_DAYS)).toBe("This status link expired on 15 Dec 2026, 12:00 IST. Ask the sender for a new one.");
    expect(statusLinkResponse({ ok: false, code: "not_found" })).toMatchObject({ status: 404, body: { error: { code: "not_found", message: expect.stringMatching(/no longer available/) } } });
    expect(statusLinkResponse({ ok: false, code: "rate_limited", retryAfterS: 42 })).toEqual({
      status: 429,
      body: { error: { code: "rate_limited", message: "Too many status look-ups. Please wait 42 seconds and try again." } },
      headers: { "Retry-After": "42" },
    });
  });

  it("are worked out again from the token alone on the not-found screen", () => {
    const opts = { env: { statusLinkSecret: SECRET }, now: NOW };
    expect(refusalOfToken("garbage", opts)).toEqual({ ok: false, code: "invalid_link" });
    expect(refusalOfToken(valid.slice(0, -1) + (valid.endsWith("A") ? "B" : "A"), opts)).toEqual({ ok: false, code: "invalid_link" });
    expect(refusalOfToken(valid, { ...opts, now: IN_14_DAYS })).toEqual({ ok: false, code: "expired_link", expiredAt: IN_14_DAYS });
    // Genuine and current, yet the page found nothing: its bill is gone.
    expect(refusalMessage(refusalOfToken(valid, opts))).toMatch(/no longer available/);
  });
});

describe("public load states", () => {
  it("say the bill's state in plain words", () => {
    const words = (s: BillStatus) => PUBLIC_LOAD_STATE_LABEL[publicLoadStateOf(s)];
    expect(words("new")).toBe("Being loaded");
    expect(words("processing")).toBe("Being loaded");
    expect(words("completed")).toBe("Loaded, waiting at the gate");
    expect(words("dispatched")).toBe("Dispatched");
  });
});

describe("proxy.ts and /status/<token>", () => {
  const at = (path: string, headers: Record<string, string> = {}) => new NextRequest(new URL(path, "http://localhost:3000"), { headers });

  it("lets anyone without a session through, with no referrer, no index and no cache", () => {
    const res = proxy(at(statusHref(valid)));
    expect(res.headers.get("location")).toBeNull();
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    expect(res.headers.get("x-robots-tag")).toBe("noindex, nofollow");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("content-security-policy")).toMatch(/img-src 'self' data:/);
  });

  it("still sends other pages (and deeper /status paths) to sign in", () => {
    for (const path of ["/status", "/status/a/b", "/bills/B-1"]) {
      expect(new URL(proxy(at(path)).headers.get("location") ?? "/", "http://x").pathname, path).toBe("/login");
    }
  });
});
