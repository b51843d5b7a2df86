import "server-only";
import { createHmac } from "node:crypto";
import { z } from "zod";
import { parseGroupRoles, userFilterProblem } from "../directory";

const bool = z
  .enum(["1", "0", "true", "false", "yes", "no", ""])
  .optional()
  .transform((v) => v === "1" || v === "true" || v === "yes");

const optionalUrl = (protocols: string[]) =>
  z
    .string()
    .optional()
    .transform((v) => (v && v.trim() !== "" ? v.trim() : undefined))
    .refine((v) => v === undefined || protocols.some((p) => v.startsWith(p)), {
      message: `must start with ${protocols.join(" or ")}`,
    });

/** A whole number in [min, max]; unset or empty means "not given". */
const wholeNumber = (min: number, max: number) =>
  z.preprocess((v) => (v === "" ? undefined : v), z.coerce.number().int().min(min).max(max).optional());

/** Optional text printed as given (trimmed, one line); unset or blank means "not given". */
const optionalLine = (max: number, pattern?: { re: RegExp; message: string }) =>
  z
    .string()
    .optional()
    .transform((v) => v?.trim().replace(/\s+/g, " ") || undefined)
    .refine((v) => v === undefined || v.length <= max, { message: `must be at most ${max} characters` })
    .refine((v) => v === undefined || !pattern || pattern.re.test(v), { message: pattern?.message ?? "" });

// GSTIN: state code, PAN, entity number, "Z", check character (15 characters).
const GSTIN = /^[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][1-9A-Z]Z[0-9A-Z]$/;

// Directory sign-in: OpenLDAP's uid or Active Directory's sAMAccountName.
const DEFAULT_USER_FILTER = "(|(uid={user})(sAMAccountName={user}))";
const LDAP_HINTS = {
  LDAP_BASE_DN: "where users are searched, e.g. dc=example,dc=com",
  LDAP_BIND_DN: "the service account that searches users and groups",
  LDAP_BIND_PASSWORD: "the service account's password",
  LDAP_GROUP_ROLES: "group → role, e.g. tt-admins=admin,tt-billers=biller,tt-lucknow=dispatcher:lucknow",
} as const;

const DEFAULT_SESSION_SECONDS = { IDLE: 30 * 60, ABSOLUTE: 60 * 60 } as const;
// Shorter limits leave no time to read the expiry warning and answer it.
const MIN_SESSION_SECONDS = 10;

export const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: optionalUrl(["postgres://", "postgresql://"]),
    PGLITE_DIR: z.string().min(1).default(".data/pglite"),
    DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
    REDIS_URL: optionalUrl(["redis://", "rediss://"]),
    AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    // Signs gate-pass QR codes (HMAC-SHA256); the previous one still verifies during a rotation.
    GATE_PASS_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    GATE_PASS_SECRET_PREVIOUS: z.string().min(32, "must be at least 32 characters").optional(),
    // Signs a bill's public status link (HMAC-SHA256); derived from AUTH_SECRET when unset.
    STATUS_LINK_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    // How long a printed status link works, in days.
    STATUS_LINK_DAYS: wholeNumber(1, 90),
    ADMIN_PASSWORD: z.string().min(8, "must be at least 8 characters").optional(),
    SEED_DEMO: bool,
    COOKIE_SECURE: z.enum(["true", "false", ""]).optional(),
    // Each session limit in minutes or, for short demos and tests of the expiry warning, in seconds.
    SESSION_IDLE_MINUTES: wholeNumber(1, 24 * 60),
    SESSION_IDLE_SECONDS: wholeNumber(MIN_SESSION_SECONDS, 24 * 60 * 60),
    SESSION_ABSOLUTE_MINUTES: wholeNumber(1, 7 * 24 * 60),
    SESSION_ABSOLUTE_SECONDS: wholeNumber(MIN_SESSION_SECONDS, 7 * 24 * 60 * 60),
    // How long an instance may answer from a session it read, between invalidations heard from
    // the database (lib/server/auth/session-cache.ts); 0 reads the row on every request.
    SESSION_CACHE_SECONDS: wholeNumber(0, 60).transform((v) => v ?? 10),
    APP_VERSION: z.string().default("0.1.0"),
    // Only behind a reverse proxy that overwrites X-Forwarded-For (see lib/server/client-ip.ts).
    TRUST_PROXY: bool,
    // Directory (LDAP) sign-in for staff (README "Directory sign-in"): off while LDAP_URL is unset.
    LDAP_URL: optionalUrl(["ldap://", "ldaps://"]),
    LDAP_BASE_DN: optionalLine(1000),
    LDAP_GROUP_BASE_DN: optionalLine(1000),
    LDAP_BIND_DN: optionalLine(1000),
    LDAP_BIND_PASSWORD: z
      .string()
      .optional()
      .transform((v) => v || undefined),
    LDAP_USER_FILTER: z
      .string()
      .optional()
      .transform((v) => v?.trim() || DEFAULT_USER_FILTER)
      .superRefine((v, ctx) => {
        const problem = userFilterProblem(v);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      }),
    LDAP_GROUP_ROLES: z
      .string()
      .optional()
      .transform((v, ctx) => {
        if (!v?.trim()) return undefined;
        const map = parseGroupRoles(v);
        if (map.ok) return map.value;
        for (const problem of map.problems) ctx.addIssue({ code: "custom", message: problem });
        return z.NEVER;
      }),
    LDAP_TIMEOUT_MS: wholeNumber(200, 60_000).transform((v) => v ?? 5000),
    SMTP_URL: optionalUrl(["smtp://", "smtps://"]),
    MAIL_FROM: z.string().trim().min(3).default("TraceTrack <no-reply@tracetrack.local>"),
    // Base of links in mails; never taken from the request's Host header, which a client controls.
    APP_URL: optionalUrl(["http://", "https://"]).transform((v) => v?.replace(/\/+$/, "")),
    // The company header of printed dispatch sheets.
    COMPANY_NAME: optionalLine(100).transform((v) => v ?? "TraceTrack"),
    COMPANY_ADDRESS: optionalLine(200),
    COMPANY_GSTIN: optionalLine(15, { re: GSTIN, message: "must be a 15-character GSTIN such as 09AAACT1234F1Z5" }),
    COMPANY_PHONE: optionalLine(30, { re: /^\+?[0-9][0-9 ()-]{5,}$/, message: "must be a phone number (digits, spaces, + ( ) -)" }),
    // Backups (README "Backups and restore"): where files go, how many of each kind are kept, the
    // slot length, and whether this server takes them on its own (default: on in production only).
    BACKUP_DIR: z.string().trim().min(1).default(".data/backups"),
    BACKUP_HOURLY_KEEP: wholeNumber(1, 10_000).transform((v) => v ?? 24),
    BACKUP_DAILY_KEEP: wholeNumber(1, 10_000).transform((v) => v ?? 14),
    BACKUP_INTERVAL_MINUTES: wholeNumber(1, 24 * 60).transform((v) => v ?? 60),
    BACKUP_SCHEDULE: z.enum(["on", "off", "auto", ""]).optional(),
    // The end-of-day summary mail (README "End of day"): sent daily at EOD_TIME (IST, HH:MM) by
    // one instance to every admin and biller with an e-mail; EOD_MAIL=off turns it off.
    EOD_TIME: z
      .string()
      .optional()
      .transform((v) => v?.trim() || "20:00")
      .refine((v) => /^([01][0-9]|2[0-3]):[0-5][0-9]$/.test(v), { message: "must be a 24-hour IST time like 20:00" }),
    EOD_MAIL: z.enum(["on", "off", ""]).optional(),
    // Self-registration at /register (README "Self-registration"): off unless "open".
    REGISTRATION: z.preprocess(
      (v) => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined),
      z.enum(["open", "closed"], { message: 'must be "open" or "closed" (default closed)' }).default("closed"),
    ),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === "production" && !env.AUTH_SECRET) {
      ctx.addIssue({ code: "custom", path: ["AUTH_SECRET"], message: "is required in production" });
    }
    // Printed passes must survive a restart: a per-process secret would void every pass in flight.
    if (env.NODE_ENV === "production" && !env.GATE_PASS_SECRET) {
      ctx.addIssue({ code: "custom", path: ["GATE_PASS_SECRET"], message: "is required in production (at least 32 characters, e.g. openssl rand -hex 32)" });
    }
    // Reset links are built on it; without it a live server would mail http://localhost:3000 links.
    if (env.NODE_ENV === "production" && !env.APP_URL) {
      ctx.addIssue({ code: "custom", path: ["APP_URL"], message: "is required in production (the address users open, e.g. https://track.example.com)" });
    }
    // A directory needs where to look, who looks and which groups count; an empty bind password
    // would be an anonymous bind, which LDAP servers accept.
    if (env.LDAP_URL) {
      for (const name of ["LDAP_BASE_DN", "LDAP_BIND_DN", "LDAP_BIND_PASSWORD", "LDAP_GROUP_ROLES"] as const) {
        if (!env[name]) ctx.addIssue({ code: "custom", path: [name], message: `is required when LDAP_URL is set (${LDAP_HINTS[name]})` });
      }
      // A stranger could register a directory user's name first: a directory name never takes
      // over a local account, so the real person could then never sign in.
      if (env.REGISTRATION === "open") {
        ctx.addIssue({ code: "custom", path: ["REGISTRATION"], message: "cannot be open while LDAP_URL is set (staff sign in through the directory; a self-registered name could block a directory user)" });
      }
    }
    const idle = sessionLimit(env, "IDLE");
    const absolute = sessionLimit(env, "ABSOLUTE");
    for (const limit of [idle, absolute]) {
      if (limit.conflict) {
        ctx.addIssue({ code: "custom", path: [limit.name], message: `conflicts with ${limit.conflict}: set one of them` });
      }
    }
    if (!idle.conflict && !absolute.conflict && idle.seconds > absolute.seconds) {
      ctx.addIssue({
        code: "custom",
        path: [idle.name],
        message: `must not exceed ${absolute.name}${idle.defaulted ? ` (it defaults to ${DEFAULT_SESSION_SECONDS.IDLE / 60} minutes)` : ""}`,
      });
    }
  })
  .transform((env) => {
    const idleSeconds = sessionLimit(env, "IDLE").seconds;
    const absoluteSeconds = sessionLimit(env, "ABSOLUTE").seconds;
    return {
      ...env,
      // The limits in force, whichever unit set them (a fraction of a minute when set in seconds).
      SESSION_IDLE_MINUTES: idleSeconds / 60,
      SESSION_ABSOLUTE_MINUTES: absoluteSeconds / 60,
      sessionIdleMs: idleSeconds * 1000,
      sessionAbsoluteMs: absoluteSeconds * 1000,
    };
  });

export type Env = z.infer<typeof EnvSchema> & {
  cookieSecure: boolean;
  /** Whether this server takes hourly/daily backups itself (BACKUP_SCHEDULE, default on in production). */
  backupSchedule: boolean;
  authSecret: string;
  /** Whether this server mails the end-of-day summary at EOD_TIME (EOD_MAIL, default on). */
  eodMail: boolean;
  /** The gate-pass signing secrets: the current one first (it signs), then the previous (verifies only). */
  gatePassSecrets: string[];
  /** Signs public status links (STATUS_LINK_SECRET, or derived from the auth secret). */
  statusLinkSecret: string;
  /** Days a printed status link works (STATUS_LINK_DAYS, default 14). */
  statusLinkDays: number;
};

interface SessionLimit {
  /** The variable that set it (SESSION_IDLE_MINUTES when defaulted). */
  name: string;
  seconds: number;
  defaulted: boolean;
  /** The other unit's variable, when both are set. */
  conflict?: string;
}

/** One session limit from SESSION_<kind>_SECONDS or SESSION_<kind>_MINUTES, else its default. */
function sessionLimit(env: Partial<Record<`SESSION_${"IDLE" | "ABSOLUTE"}_${"MINUTES" | "SECONDS"}`, number>>, kind: "IDLE" | "ABSOLUTE"): SessionLimit {
  const minutes = env[`SESSION_${kind}_MINUTES`];
  const seconds = env[`SESSION_${kind}_SECONDS`];
  if (seconds !== undefined) {
    return { name: `SESSION_${kind}_SECONDS`, seconds, defaulted: false, conflict: minutes !== undefined ? `SESSION_${kind}_MINUTES` : undefined };
  }
  return { name: `SESSION_${kind}_MINUTES`, seconds: (minutes ?? DEFAULT_SESSION_SECONDS[kind] / 60) * 60, defaulted: minutes === undefined };
}

export class EnvError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvError";
  }
}

/** Validates a raw environment; every problem names its variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = EnvSchema.safeParse(source);
  if (!result.success) {
    throw new EnvError(result.error.issues.map((i) => `${i.path.join(".") || "env"} ${i.message}`));
  }
  const env = result.data;
  return {
    ...env,
    cookieSecure: env.COOKIE_SECURE ? env.COOKIE_SECURE === "true" : env.NODE_ENV === "production",
    // Scheduled backups: BACKUP_SCHEDULE=on|off; unset or "auto" means on in production only.
    backupSchedule: env.BACKUP_SCHEDULE === "on" || (!env.BACKUP_SCHEDULE || env.BACKUP_SCHEDULE === "auto" ? env.NODE_ENV === "production" : false),
    eodMail: env.EOD_MAIL !== "off",
    // Outside production a per-process secret is fine: sessions live in the database, and the
    // secret only signs the 5-minute pending-2FA cookie and seals TOTP secrets of a dev database.
    authSecret: env.AUTH_SECRET ?? DEV_SECRET,
    gatePassSecrets: [env.GATE_PASS_SECRET ?? devGatePassSecret(env.AUTH_SECRET ?? DEV_SECRET), env.GATE_PASS_SECRET_PREVIOUS].filter(
      (s): s is string => Boolean(s),
    ),
    statusLinkSecret: env.STATUS_LINK_SECRET ?? derivedSecret(env.AUTH_SECRET ?? DEV_SECRET, "tracetrack status link secret"),
    statusLinkDays: env.STATUS_LINK_DAYS ?? 14,
  };
}

/** A secret derived from the auth secret for one purpose, never equal to it or to another purpose's. */
function derivedSecret(authSecret: string, purpose: string): string {
  return createHmac("sha256", authSecret).update(purpose).digest("hex");
}

/** Outside production without GATE_PASS_SECRET: one derived from the auth secret, never equal to it. */
function devGatePassSecret(authSecret: string): string {
  return derivedSecret(authSecret, "tracetrack gate pass secret");
}

const DEV_SECRET = crypto.randomUUID() + crypto.randomUUID();

let cached: Env | undefined;
/** The validated environment, read once per process. */
// Outside production APP_URL may be unset (production requires it); links then point where `next dev` listens.
const DEV_APP_URL = "http://localhost:3000";

/** The base of every absolute link the app hands out (mails, printed QR codes): configuration, never the request's Host header. */
export function appUrlOf(env: Pick<Env, "APP_URL"> = getEnv()): string {
  return env.APP_URL ?? DEV_APP_URL;
}

export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
