import "server-only";
import { z } from "zod";

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

export const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: optionalUrl(["postgres://", "postgresql://"]),
    PGLITE_DIR: z.string().min(1).default(".data/pglite"),
    DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
    REDIS_URL: optionalUrl(["redis://", "rediss://"]),
    AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    ADMIN_PASSWORD: z.string().min(8, "must be at least 8 characters").optional(),
    SEED_DEMO: bool,
    COOKIE_SECURE: z.enum(["true", "false", ""]).optional(),
    SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
    SESSION_ABSOLUTE_MINUTES: z.coerce.number().int().min(1).max(7 * 24 * 60).default(60),
    APP_VERSION: z.string().default("0.1.0"),
    // Only behind a reverse proxy that overwrites X-Forwarded-For (see lib/server/client-ip.ts).
    TRUST_PROXY: bool,
    SMTP_URL: optionalUrl(["smtp://", "smtps://"]),
    MAIL_FROM: z.string().trim().min(3).default("TraceTrack <no-reply@tracetrack.local>"),
    // Base of links in mails; never taken from the request's Host header, which a client controls.
    APP_URL: optionalUrl(["http://", "https://"]).transform((v) => v?.replace(/\/+$/, "")),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === "production" && !env.AUTH_SECRET) {
      ctx.addIssue({ code: "custom", path: ["AUTH_SECRET"], message: "is required in production" });
    }
    if (env.SESSION_IDLE_MINUTES > env.SESSION_ABSOLUTE_MINUTES) {
      ctx.addIssue({
        code: "custom",
        path: ["SESSION_IDLE_MINUTES"],
        message: "must not exceed SESSION_ABSOLUTE_MINUTES",
      });
    }
  });

export type Env = z.infer<typeof EnvSchema> & { cookieSecure: boolean; authSecret: string };

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
    // Outside production a per-process secret is fine: sessions live in the database, and the
    // secret only signs Auth.js's CSRF cookie.
    authSecret: env.AUTH_SECRET ?? DEV_SECRET,
  };
}

const DEV_SECRET = crypto.randomUUID() + crypto.randomUUID();

let cached: Env | undefined;
/** The validated environment, read once per process. */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
