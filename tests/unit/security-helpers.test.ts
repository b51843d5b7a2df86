import { describe, expect, it } from "vitest";
import { generateBackupCode, hashBackupCode, normaliseBackupCode } from "@/lib/server/auth/backup-codes";
import { openSecret, sealSecret } from "@/lib/server/auth/secret-box";
import { formFields } from "@/lib/form-state";
import { HONEYPOT_FIELD, isHoneypotFilled } from "@/lib/server/honeypot";

const KEY = "k".repeat(40);

describe("secret box", () => {
  it("encrypts with AES-GCM under AUTH_SECRET and opens with the same secret only", () => {
    const sealed = sealSecret("JBSWY3DPEHPK3PXP", KEY);
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain("JBSWY3DPEHPK3PXP");
    expect(sealSecret("JBSWY3DPEHPK3PXP", KEY)).not.toBe(sealed);
    expect(openSecret(sealed, KEY)).toBe("JBSWY3DPEHPK3PXP");
    expect(openSecret(sealed, "z".repeat(40))).toBeNull();
    expect(openSecret(sealed, undefined)).toBeNull();
  });

  it("refuses a tampered value", () => {
    const [v, iv, tag, body = ""] = sealSecret("JBSWY3DPEHPK3PXP", KEY).split(".");
    const flipped = (body[0] === "A" ? "B" : "A") + body.slice(1);
    expect(openSecret([v, iv, tag, flipped].join("."), KEY)).toBeNull();
  });

  it("stores a marked plain value when no AUTH_SECRET is configured (development)", () => {
    expect(sealSecret("ABC", undefined)).toBe("plain.ABC");
    expect(openSecret("plain.ABC", KEY)).toBe("ABC");
  });
});

describe("backup codes", () => {
  it("are 12 Crockford base32 characters in groups of four, and distinct", () => {
    const codes = Array.from({ length: 200 }, generateBackupCode);
    for (const code of codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it("ignore case, spaces and dashes, and read O/I/L as 0/1/1", () => {
    expect(normaliseBackupCode(" abcd-efgh jkmn ")).toBe("ABCDEFGHJKMN");
    expect(normaliseBackupCode("o0il-1111-2222")).toBe("001111112222");
  });

  it("hash with a per-code salt, so equal codes never share a hash", () => {
    const a = hashBackupCode("ABCD-EFGH-JKMN");
    const b = hashBackupCode("ABCD-EFGH-JKMN");
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[0-9a-f]{32}:[0-9a-f]{64}$/);
    const [salt] = a.split(":");
    expect(hashBackupCode("abcd efgh jkmn", salt)).toBe(a);
  });
});

describe("honeypot", () => {
  it("is a plausible field name", () => {
    expect(HONEYPOT_FIELD).toBe("website");
  });

  it("flags a form whose hidden field was filled, and only that", () => {
    const human = new FormData();
    human.set("username", "alice");
    human.set(HONEYPOT_FIELD, "");
    const bot = new FormData();
    bot.set(HONEYPOT_FIELD, "http://spam.example");
    expect(isHoneypotFilled(human)).toBe(false);
    expect(isHoneypotFilled(new FormData())).toBe(false);
    expect(isHoneypotFilled(bot)).toBe(true);
    expect(isHoneypotFilled({ [HONEYPOT_FIELD]: "   " })).toBe(false);
    expect(isHoneypotFilled({ [HONEYPOT_FIELD]: "x" })).toBe(true);
  });
});

describe("formFields (what a form action hands its verb)", () => {
  it("keeps a form's text fields and leaves files out", () => {
    const form = new FormData();
    form.set("username", "alice");
    form.set("next", "/bags");
    form.set("upload", new Blob(["x"]), "x.txt");
    expect(formFields(form)).toEqual({ username: "alice", next: "/bags" });
  });

  it("gives nothing for anything that is not a form (a server action is a public endpoint)", () => {
    expect(formFields({ username: "alice" })).toEqual({});
    expect(formFields("username=alice")).toEqual({});
    expect(formFields(undefined)).toEqual({});
  });

  it("keeps only the named fields when names are given (Next adds its own $ACTION_ fields)", () => {
    const form = new FormData();
    form.set("capacity", "5");
    form.set("$ACTION_ID_abc", "");
    form.set("billNumber", "B-1");
    expect(formFields(form, ["capacity", "customer"])).toEqual({ capacity: "5" });
  });
});
