import { z } from "zod";
import { KeysetCursor } from "./keyset";
import { hasControlChars, text, textFilter } from "./text";
import { DISPATCH_AREAS, ROLES } from "../domain";

// Zero-width and line/paragraph separators never belong in a new password (text() refuses
// the control characters): they cannot be told apart when typed again.
const INVISIBLE = /[\u200b-\u200f\u2028-\u202f\u2060\ufeff]/;

export const Username = text("Username")
  .min(3, "Username must be at least 3 characters.")
  .max(64, "Username must be at most 64 characters.")
  .regex(/^[A-Za-z0-9._-]+$/, "Username may contain letters, digits, dot, dash and underscore only.")
  // Deleted accounts keep a pseudonym "deleted-<8 hex>" (lib/server/users/anonymise.ts).
  .refine((u) => !/^deleted-/i.test(u), 'Usernames starting with "deleted-" are kept for deleted accounts; choose another.');

const COMMON_PASSWORDS = new Set([
  "password",
  "password1",
  "password123",
  "12345678",
  "123456789",
  "1234567890",
  "qwerty123",
  "qwertyuiop",
  "11111111",
  "00000000",
  "iloveyou",
  "admin123",
  "administrator",
  "letmein1",
  "welcome1",
  "welcome123",
  "abc12345",
  "passw0rd",
  "tracetrack",
  "changeme",
]);

export const NewPassword = text("Password", { trim: false })
  .min(8, "Password must be at least 8 characters.")
  .max(128, "Password must be at most 128 characters.")
  .refine((p) => !COMMON_PASSWORDS.has(p.toLowerCase()), "This password is too common; choose another.")
  .refine((p) => !INVISIBLE.test(p), "Password contains invalid characters.");

export const Role = z.enum(ROLES, { message: `Role must be one of: ${ROLES.join(", ")}.` });
export const DispatchArea = z.enum(DISPATCH_AREAS, {
  message: `Area must be one of: ${DISPATCH_AREAS.join(", ")}.`,
});

/** Where a sign-in flow continues (a same-site path; see safeNextPath). */
const NextPath = z.string().max(512).optional();
/** The form's hidden honeypot field came back filled: a bot (set by the action, never typed). */
const Honeypot = z.boolean().optional();

export const LoginInput = z.object({
  // "Username or email" (a customer account signs in with its address, DESIGN.md §8).
  username: text("Username", { missing: "Enter your username or email." }).min(1, "Enter your username or email.").max(254, "Username or email is too long."),
  password: text("Password", { trim: false, missing: "Enter your password." }).min(1, "Enter your password.").max(128, "Password is too long."),
  next: NextPath,
  honeypot: Honeypot,
});
export type LoginInput = z.infer<typeof LoginInput>;

export const CreateUserInput = z
  .object({
    username: Username,
    email: z.email("Enter a valid email address.").max(254).optional(),
    password: NewPassword,
    role: Role,
    dispatchArea: DispatchArea.optional(),
  })
  .refine((u) => u.role !== "customer", {
    path: ["role"],
    message: "Customer accounts sign in by email and are created under Admin → Customers (or user:create --role customer).",
  })
  .refine((u) => u.role !== "dispatcher" || u.dispatchArea !== undefined, {
    path: ["dispatchArea"],
    message: "A dispatcher needs a dispatch area.",
  })
  .refine((u) => u.role === "dispatcher" || u.dispatchArea === undefined, {
    path: ["dispatchArea"],
    message: "Only dispatchers have a dispatch area.",
  });
export type CreateUserInput = z.infer<typeof CreateUserInput>;

// A fixed origin to resolve `next` against: whatever resolves elsewhere is not a path of ours.
const NEXT_BASE = new URL("http://tracetrack.invalid");
// Control characters (browsers drop TAB/LF/CR inside URLs: "/\t/evil.example" becomes
// "//evil.example") and backslashes (read as "/" in http URLs).
const UNSAFE_IN_NEXT = /[\u0000-\u001f\u007f\\]/;
const SIGN_IN_PATH = /^\/(login|2fa(?!\/setup)|forgot-password|reset-password)(\/|\?|#|$)/i;

/**
 * Where to go after sign-in: only a path of this site, never another origin, never back into
 * sign-in. `next` is resolved against a fixed origin and must keep it; the path is returned as
 * the URL parser normalised it, which is what a browser would follow.
 */
export function safeNextPath(next: string | undefined | null): string {
  const fallback = "/dashboard";
  if (!next || !next.startsWith("/") || UNSAFE_IN_NEXT.test(next)) return fallback;
  let url: URL;
  try {
    url = new URL(next, NEXT_BASE);
  } catch {
    return fallback;
  }
  const path = `${url.pathname}${url.search}${url.hash}`;
  if (url.origin !== NEXT_BASE.origin || path.startsWith("//") || SIGN_IN_PATH.test(path)) return fallback;
  return path;
}

const ENTER_CODE = "Enter the code from your authenticator app or a backup code.";
export const TwoFactorCodeInput = z.object({
  code: text("Code", { missing: ENTER_CODE }).min(1, ENTER_CODE).max(64, "That code is too long."),
  next: NextPath,
});

export const ForgotPasswordInput = z.object({
  identifier: text("Email address or username", { missing: "Enter your email address or username." })
    .min(1, "Enter your email address or username.")
    .max(254, "That is too long."),
  honeypot: Honeypot,
});

/** A new password typed twice. */
const passwordPair = { password: NewPassword, confirm: text("Password confirmation", { trim: false }).max(128) };
const TYPED_TWICE = { path: ["confirm"], message: "The two passwords do not match." };
const typedTwice = (v: { password: string; confirm: string }) => v.password === v.confirm;

/** The reset-link form: the token from the link (checked by the verb) and the new password twice. */
export const ResetPasswordInput = z
  .object({ token: z.string().transform((t) => t.trim().slice(0, 200)), ...passwordPair })
  .refine(typedTwice, TYPED_TWICE);

export const ChangePasswordInput = z
  .object({
    current: text("Current password", { trim: false, missing: "Enter your current password." })
      .min(1, "Enter your current password.")
      .max(128, "Password is too long."),
    ...passwordPair,
    next: NextPath,
  })
  .refine(typedTwice, TYPED_TWICE)
  .refine((v) => v.password !== v.current, { path: ["password"], message: "Choose a password different from the current one." });

/** The ops CLI's (and bootstrap's) password change. */
export const SetPasswordInput = z.object({
  username: Username,
  password: NewPassword,
  mustChange: z.boolean().default(false),
});

const USER_GONE = "That user could not be found. Reload the page.";
const SESSION_GONE = "That session could not be found. Reload the page.";
// A hidden id from the page: one that cannot exist (control characters too) is simply gone.
const rowId = (gone: string) =>
  z
    .string({ error: gone })
    .min(1, gone)
    .max(64, gone)
    .refine((id) => !hasControlChars(id) && id.isWellFormed(), gone);

/** One user of the admin list, by id. */
export const UserRef = z.object({ userId: rowId(USER_GONE) });
/** The sessions of one user of the admin session list. */
export const UserSessionsRef = z.object({ userId: rowId(SESSION_GONE) });
/** One session of the admin session list: its user and its id (a hash, never the token). */
export const SessionRef = z.object({ userId: rowId(SESSION_GONE), sessionId: rowId(SESSION_GONE) });

export const PasswordConfirmInput = z.object({
  password: text("Password", { trim: false, missing: "Enter your password." }).min(1, "Enter your password.").max(128, "Password is too long."),
});

/** The admin's "new user" form: the password is generated and shown once, then must be changed. */
export const AdminCreateUserInput = z
  .object({
    username: Username,
    email: z.email("Enter a valid email address.").max(254).optional().or(z.literal("").transform(() => undefined)),
    role: Role,
    dispatchArea: DispatchArea.optional().or(z.literal("").transform(() => undefined)),
  })
  .refine((u) => u.role !== "dispatcher" || u.dispatchArea !== undefined, {
    path: ["dispatchArea"],
    message: "A dispatcher needs a dispatch area.",
  })
  .refine((u) => u.role === "dispatcher" || u.dispatchArea === undefined, {
    path: ["dispatchArea"],
    message: "Only dispatchers have a dispatch area.",
  });
export type AdminCreateUserInput = z.infer<typeof AdminCreateUserInput>;

const IsoDay = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Use the date picker (YYYY-MM-DD).")
  .optional()
  .or(z.literal("").transform(() => undefined));

/** The audit viewer's filters, from the query string; every one optional. */
export const AuditFilters = z.object({
  user: textFilter("User", 64),
  action: textFilter("Action", 64),
  entityType: textFilter("Entity type", 32),
  entityId: textFilter("Entity id", 128),
  ip: textFilter("IP", 64),
  from: IsoDay,
  to: IsoDay,
  // A bad or stale cursor starts from the newest rows instead of refusing the other filters.
  after: KeysetCursor.optional().catch(undefined),
});
export type AuditFilters = z.infer<typeof AuditFilters>;

/** The admin session list's filter and page, from the query string. */
export const SessionFilters = z.object({
  user: textFilter("User", 64),
  // A bad page number shows the first page instead of refusing the filter.
  page: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
});
export type SessionFilters = z.infer<typeof SessionFilters>;
