import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  AuditFilters,
  ChangePasswordInput,
  ForgotPasswordInput,
  LoginInput,
  PasswordConfirmInput,
  SessionFilters,
  SessionRef,
  TwoFactorCodeInput,
  UserRef,
} from "@/lib/schemas/auth";
import { readBagListFilters } from "@/lib/schemas/bags";
import { BillListFilters, CreateBillInput, readBillListFilters } from "@/lib/schemas/bills";
import { readFilters } from "@/lib/schemas/filters";
import { KeysetCursor } from "@/lib/schemas/keyset";
import { hasControlChars, text, textFilter } from "@/lib/schemas/text";

/** A schema's messages by field ("input" for the whole value). */
function fieldErrors(schema: z.ZodType, input: unknown): Record<string, string[]> {
  const parsed = schema.safeParse(input);
  const fields: Record<string, string[]> = {};
  if (!parsed.success) for (const issue of parsed.error.issues) (fields[issue.path.map(String).join(".") || "input"] ??= []).push(issue.message);
  return fields;
}

describe("text()", () => {
  it.each([
    ["NUL", "ad\u0000min"],
    ["only NUL", "\u0000"],
    ["escape", "a\u001b[31m"],
    ["DEL", "a\u007f"],
    ["C1 next-line", "a\u0085b"],
    ["a tab inside", "a\tb"],
    ["a newline inside", "a\nb"],
  ])("refuses %s, naming the field", (_name, value) => {
    expect(text("Username").safeParse(value).error?.issues.map((i) => i.message)).toEqual(["Username contains control characters."]);
  });

  it("lets tabs and line breaks through multi-line text, but not NUL", () => {
    expect(text("Description", { multiline: true }).parse("line 1\r\n\tline 2")).toBe("line 1\r\n\tline 2");
    expect(text("Description", { multiline: true }).safeParse("a\u0000b").success).toBe(false);
  });

  it("trims (a pasted newline at the end is whitespace, not content), unless told not to", () => {
    expect(text("Username").parse("  admin\r\n")).toBe("admin");
    expect(text("Password", { trim: false }).parse(" secret ")).toBe(" secret ");
    expect(text("Password", { trim: false }).safeParse("secret\n").success).toBe(false);
  });

  it("refuses lone surrogates, which UTF-8 cannot carry", () => {
    expect(text("Customer").safeParse("x\ud800").error?.issues[0]?.message).toBe("Customer contains a character that is not valid text.");
    expect(text("Customer").parse("Agro 😀 Traders")).toBe("Agro 😀 Traders");
  });

  it("names the field when the value is not text, or says what to do when it is missing", () => {
    expect(text("Code").safeParse(42).error?.issues[0]?.message).toBe("Code must be text.");
    expect(text("Code", { missing: "Enter the code." }).safeParse(undefined).error?.issues[0]?.message).toBe("Enter the code.");
  });

  it("makes an optional filter of blank, and refuses one too long", () => {
    expect(textFilter("User", 5).parse("  ")).toBeUndefined();
    expect(textFilter("User", 5).parse(undefined)).toBeUndefined();
    expect(textFilter("User", 5).safeParse("abcdef").error?.issues[0]?.message).toBe("User must be at most 5 characters.");
  });

  it("hasControlChars sees C0, DEL and C1, and lets line breaks through when multi-line", () => {
    expect(["\u0000", "\u001f", "\u007f", "\u009f"].every((c) => hasControlChars(`a${c}`))).toBe(true);
    expect(hasControlChars("é – “quoted” 😀")).toBe(false);
    expect(hasControlChars("a\r\n\tb", { multiline: true })).toBe(false);
  });
});

describe("every text field of the sign-in, reset and admin forms refuses control characters by name", () => {
  it.each([
    ["sign-in username", LoginInput, { username: "ad\u0000min", password: "x" }, "username", "Username contains control characters."],
    ["sign-in password", LoginInput, { username: "admin", password: "pass\u0000word" }, "password", "Password contains control characters."],
    ["forgot-password address", ForgotPasswordInput, { identifier: "a\u0000@example.com" }, "identifier", "Email address or username contains control characters."],
    ["2FA code", TwoFactorCodeInput, { code: "123\u0000456" }, "code", "Code contains control characters."],
    ["current password", ChangePasswordInput, { current: "old\u0000", password: "a-new-password-1", confirm: "a-new-password-1" }, "current", "Current password contains control characters."],
    ["password to turn 2FA off", PasswordConfirmInput, { password: "\u0000" }, "password", "Password contains control characters."],
  ])("%s", (_name, schema, input, field, message) => {
    expect(fieldErrors(schema, input)[field]).toContain(message);
  });

  it("answers a hidden row id with control characters as not found", () => {
    expect(fieldErrors(UserRef, { userId: "id\u0000" }).userId).toEqual(["That user could not be found. Reload the page."]);
    expect(fieldErrors(SessionRef, { userId: "u", sessionId: "\u0000" }).sessionId).toEqual(["That session could not be found. Reload the page."]);
  });

  it("keeps a bill's description multi-line and its customer on one line", () => {
    expect(CreateBillInput.parse({ billNumber: "B1", capacity: 1, description: "a\nb" }).description).toBe("a\nb");
    expect(fieldErrors(CreateBillInput, { billNumber: "B1", capacity: 1, customer: "a\u0000b" }).customer).toEqual(["Customer contains control characters."]);
  });
});

describe("list filters", () => {
  it.each([
    ["bags", (q: Record<string, string>) => readBagListFilters(q)],
    ["bills", (q: Record<string, string>) => readBillListFilters(q)],
  ])("%s: a user filter with NUL is left out and said why, the other filters kept", (_list, read) => {
    const { filters, problems } = read({ user: "a\u0000b", from: "2025-01-01" });
    expect(filters.user).toBeUndefined();
    expect(filters.from).toBe("2025-01-01");
    expect(problems).toEqual(["User contains control characters."]);
  });

  it("refuses a bill list's user filter by name, for the JSON route's 400", () => {
    expect(fieldErrors(BillListFilters, { user: "\u0000" })).toEqual({ user: ["User contains control characters."] });
  });

  it.each(["user", "action", "entityType", "entityId", "ip"])("the audit log's %s filter with NUL is left out, named", (key) => {
    const { filters, problems } = readFilters(AuditFilters, { [key]: "x\u0000", action: key === "action" ? "x\u0000" : "login_failed" });
    expect(filters[key as keyof AuditFilters]).toBeUndefined();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/contains control characters\.$/);
    if (key !== "action") expect(filters.action).toBe("login_failed");
  });

  it("the session list's user filter: blank is none, NUL and too long are refused", () => {
    expect(readFilters(SessionFilters, { user: " " })).toEqual({ filters: { user: undefined }, problems: [] });
    expect(readFilters(SessionFilters, { user: ["x\u0000", "ok"] }).problems).toEqual(["User contains control characters."]);
    expect(readFilters(SessionFilters, { user: "u".repeat(65) }).problems).toEqual(["User must be at most 64 characters."]);
  });

  it.each([
    ["month 13", "2026-13-01T00:00:00.000000Z_1"],
    ["30 February", "2026-02-30T10:00:00.000000Z_1"],
    ["hour 25", "2026-01-01T25:00:00.000000Z_1"],
    ["year 0", "0000-01-01T00:00:00.000000Z_1"],
  ])("a keyset cursor at an impossible instant (%s) is refused, so no query casts it", (_name, cursor) => {
    expect(KeysetCursor.safeParse(cursor).success).toBe(false);
  });

  it("a keyset cursor at a real instant still reads to the microsecond", () => {
    expect(KeysetCursor.parse("2024-02-29T23:59:59.999999Z_7")).toEqual({ createdAt: "2024-02-29T23:59:59.999999Z", id: 7 });
  });
});

describe("schemas build their text on text()", () => {
  // The strings of lib/schemas that are not free text, each checked its own way. A new string
  // field fails here until it is built on text(), or listed with the reason it need not be.
  const NOT_TEXT: Record<string, string[]> = {
    "auth.ts": ["next: a path, made safe by safeNextPath", "reset token: only ever hashed", "row ids: refused as not found", "audit dates: a pattern"],
    "bags.ts": ["q: stripped to a QR prefix", "dates: checked by istDayBounds"],
    "gate.ts": ["payload: kept exactly as scanned, for the signature check to refuse (invalid_pass, audited)"],
    "passes.ts": ["window times: parsed as IST or ISO", "bill number: normalized, then billNumberProblem", "dates: checked by istDayBounds"],
    "bills.ts": ["bill number: normalized, then billNumberProblem", "bill ref: looked up normalized", "qr: the QR rule", "q: stripped to a prefix", "dates"],
    "keyset.ts": ["the cursor: a pattern"],
    "portal.ts": ["customer: a code pattern", "dates: checked by istDayBounds", "cursor: opaque, decoded and checked by the list", "bill ref: looked up normalized, then billNumberProblem"],
    "scan.ts": ["QRs: stripped of control characters (DESIGN §3)", "idempotency key: a pattern"],
    "load-check.ts": ["bill ref: looked up normalized (one that cannot exist is a 404)", "QRs: classified by the verb (DESIGN §3)"],
    "labels.ts": ["reservation id: checked by reservationIdOf, refused as not found"],
    "text.ts": ["text() itself"],
  };
  const dir = path.join(import.meta.dirname, "../../lib/schemas");
  it.each(readdirSync(dir).filter((f) => f.endsWith(".ts")))("%s", (file) => {
    const strings = readFileSync(path.join(dir, file), "utf8").match(/\.string\(/g)?.length ?? 0;
    expect(strings, `z.string() in lib/schemas/${file}: use text() from ./text, or list why not`).toBe(NOT_TEXT[file]?.length ?? 0);
  });
});
