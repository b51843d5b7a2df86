import { describe, expect, it } from "vitest";
import { MAX_PAYLOAD_LENGTH, PASS_PAYLOAD_PREFIX, signPassCode, verifyPassPayload } from "@/lib/server/passes/signature";
import { singleCharacterChanges } from "../support/tamper";

// The gate pass's QR payload `TTGP1.<code>.<signature>` (issue 14 "Must show": changing any single
// byte is refused; the previous secret verifies; a wrong secret does not; "Bad input").

const CURRENT = "current-secret-0123456789abcdefghijklmnopqrstuvwxyz";
const PREVIOUS = "previous-secret-0123456789abcdefghijklmnopqrstuvwxy";
const OTHER = "some-other-secret-0123456789abcdefghijklmnopqrstuv";
const SECRETS = [CURRENT, PREVIOUS];
const CODE = "GP-20261201-0042";
const valid = signPassCode(CODE, CURRENT);

const refused = (raw: string, secrets: readonly string[] = SECRETS) => verifyPassPayload(raw, secrets).ok === false;

describe("signPassCode / verifyPassPayload", () => {
  it("signs TTGP1.<code>.<43 base64url characters> and verifies it back to the code", () => {
    expect(valid).toMatch(/^TTGP1\.GP-20261201-0042\.[A-Za-z0-9_-]{43}$/);
    expect(valid.startsWith(`${PASS_PAYLOAD_PREFIX}.`)).toBe(true);
    expect(verifyPassPayload(valid, SECRETS)).toEqual({ ok: true, code: CODE });
    // A wedge scanner's Enter (and stray spaces) around it are not part of it.
    expect(verifyPassPayload(`  ${valid}\r\n`, SECRETS)).toEqual({ ok: true, code: CODE });
  });

  it("is deterministic per secret and differs between secrets and codes", () => {
    expect(signPassCode(CODE, CURRENT)).toBe(valid);
    expect(signPassCode(CODE, PREVIOUS)).not.toBe(valid);
    expect(signPassCode("GP-20261201-0043", CURRENT).split(".")[2]).not.toBe(valid.split(".")[2]);
  });

  it("refuses to sign something that is not a pass code", () => {
    for (const bad of ["", "GP-2026-0001", "gp-20261201-0001", "GP-20261201-0001.x", "GP-20261201-1234567"]) {
      expect(() => signPassCode(bad, CURRENT), bad).toThrow();
    }
  });

  it("accepts a payload signed with the previous secret (rotation) and refuses a wrong secret", () => {
    expect(verifyPassPayload(signPassCode(CODE, PREVIOUS), SECRETS)).toEqual({ ok: true, code: CODE });
    expect(verifyPassPayload(signPassCode(CODE, OTHER), SECRETS)).toEqual({ ok: false, reason: "bad_signature" });
    // Once the previous secret is dropped, its passes stop verifying.
    expect(verifyPassPayload(signPassCode(CODE, PREVIOUS), [CURRENT])).toEqual({ ok: false, reason: "bad_signature" });
    expect(refused(valid, [])).toBe(true);
  });

  it("refuses every single-character change at every position of a valid payload", () => {
    let tried = 0;
    for (const { changed, at, by } of singleCharacterChanges(valid)) {
      expect(refused(changed), `position ${at} → ${JSON.stringify(by)}`).toBe(true);
      tried += 1;
    }
    expect(tried).toBeGreaterThan(valid.length * 90);
  });

  it("refuses every single-byte change of its UTF-8 bytes (bit flips included)", () => {
    const bytes = Buffer.from(valid, "utf8");
    for (let i = 0; i < bytes.length; i += 1) {
      for (const mask of [0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80]) {
        const changed = Buffer.from(bytes);
        changed[i] = (changed[i] ?? 0) ^ mask;
        const text = changed.toString("utf8");
        // A flip that turns a character into surrounding whitespace at either end is trimmed
        // off, leaving a shorter (and so malformed) payload: still refused.
        expect(refused(text), `byte ${i} ^ ${mask}`).toBe(true);
      }
    }
  });

  it("refuses forged, truncated, re-ordered, lower-cased, extra-dot, oversized and non-ASCII payloads", () => {
    const [prefix, code, signature] = valid.split(".") as [string, string, string];
    const otherSig = signPassCode("GP-20261201-0043", CURRENT).split(".")[2] ?? "";
    const cases: Record<string, string> = {
      "another pass's signature": `${prefix}.${code}.${otherSig}`,
      "a made-up signature": `${prefix}.${code}.${"A".repeat(43)}`,
      "an unsigned code": `${prefix}.${code}`,
      "the code alone": code,
      "HMAC of the code without the prefix": `${prefix}.${code}.${signPassCode(code, CURRENT).split(".")[2]?.slice(1)}x`,
      "re-ordered (code first)": `${code}.${prefix}.${signature}`,
      "re-ordered (signature first)": `${signature}.${prefix}.${code}`,
      "lower-cased": valid.toLowerCase(),
      "upper-cased": valid.toUpperCase(),
      "lower-cased code": `${prefix}.${code.toLowerCase()}.${signature}`,
      "trailing dot": `${valid}.`,
      "leading dot": `.${valid}`,
      "double dot": `${prefix}..${code}.${signature}`,
      "extra part": `${valid}.extra`,
      "dot inside the signature": `${prefix}.${code}.${signature.slice(0, 20)}.${signature.slice(20)}`,
      "padding added": `${valid}=`,
      "10 KB": valid + "A".repeat(10_240),
      "10 KB of garbage": "x".repeat(10_240),
      "just over the length limit": valid + " ".repeat(2 * MAX_PAYLOAD_LENGTH),
      "full-width digits": `${prefix}.GP-２０２６１２０１-００４２.${signature}`,
      "Cyrillic letters": `${prefix}.\u0413\u0420-20261201-0042.${signature}`,
      "emoji": `${valid}\u{1F600}`,
      "NUL inside": `${prefix}.${code}\u0000.${signature}`,
      "space inside": `${prefix}. ${code}.${signature}`,
      "other prefix": `TTGP2.${code}.${signature}`,
      empty: "",
      "only dots": "..",
    };
    for (const [what, raw] of Object.entries(cases)) expect(refused(raw), what).toBe(true);
    for (let n = 0; n < valid.length; n += 1) expect(refused(valid.slice(0, n)), `truncated to ${n}`).toBe(true);
    for (let n = 1; n < valid.length; n += 1) expect(refused(valid.slice(n)), `first ${n} cut`).toBe(true);
  });

  it("says why: malformed for a wrong shape, bad_signature for a well-formed forgery", () => {
    expect(verifyPassPayload("hello", SECRETS)).toEqual({ ok: false, reason: "malformed" });
    expect(verifyPassPayload(valid + "A".repeat(10_240), SECRETS)).toEqual({ ok: false, reason: "malformed" });
    expect(verifyPassPayload(`TTGP1.${CODE}.${"A".repeat(43)}`, SECRETS)).toEqual({ ok: false, reason: "bad_signature" });
  });
});
