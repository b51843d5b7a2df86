import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "@/lib/server/env";
import { planSession } from "@/lib/session-timer";

function problems(source: Record<string, string | undefined>): string[] {
  try {
    parseEnv(source);
    return [];
  } catch (err) {
    if (err instanceof EnvError) return err.problems;
    throw err;
  }
}

describe("parseEnv", () => {
  it("runs with zero configuration outside production: PGlite, no Redis, a generated secret", () => {
    const env = parseEnv({});
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.REDIS_URL).toBeUndefined();
    expect(env.PGLITE_DIR).toBe(".data/pglite");
    expect(env.authSecret.length).toBeGreaterThanOrEqual(32);
    expect(env.cookieSecure).toBe(false);
    expect(env.SESSION_IDLE_MINUTES).toBe(30);
    expect(env.SESSION_ABSOLUTE_MINUTES).toBe(60);
  });

  it("names AUTH_SECRET when it is missing in production", () => {
    expect(problems({ NODE_ENV: "production", APP_URL: "https://track.example.com", GATE_PASS_SECRET: "g".repeat(32) })).toEqual([
      "AUTH_SECRET is required in production",
    ]);
  });

  it("names APP_URL when it is missing in production, so no mail carries a localhost link", () => {
    const secret = "s".repeat(32);
    const gate = { GATE_PASS_SECRET: "g".repeat(32) };
    const required = "APP_URL is required in production (the address users open, e.g. https://track.example.com)";
    expect(problems({ NODE_ENV: "production", AUTH_SECRET: secret, ...gate })).toEqual([required]);
    expect(problems({ NODE_ENV: "production", AUTH_SECRET: secret, APP_URL: "  ", ...gate })).toEqual([required]);
    expect(problems({ NODE_ENV: "production", ...gate })).toEqual(["AUTH_SECRET is required in production", required]);
    expect(parseEnv({ NODE_ENV: "production", AUTH_SECRET: secret, APP_URL: "http://127.0.0.1:3100", ...gate }).APP_URL).toBe("http://127.0.0.1:3100");
    expect(parseEnv({ NODE_ENV: "development" }).APP_URL).toBeUndefined();
  });

  it("uses Secure cookies in production unless told otherwise", () => {
    const production = { NODE_ENV: "production", AUTH_SECRET: "s".repeat(32), APP_URL: "https://track.example.com", GATE_PASS_SECRET: "g".repeat(32) };
    expect(parseEnv(production).cookieSecure).toBe(true);
    expect(parseEnv({ ...production, COOKIE_SECURE: "false" }).cookieSecure).toBe(false);
  });

  it("requires GATE_PASS_SECRET (≥ 32 characters) in production, so printed passes survive a restart", () => {
    const production = { NODE_ENV: "production", AUTH_SECRET: "s".repeat(32), APP_URL: "https://track.example.com" };
    expect(problems(production)).toEqual(["GATE_PASS_SECRET is required in production (at least 32 characters, e.g. openssl rand -hex 32)"]);
    expect(problems({ ...production, GATE_PASS_SECRET: "short" })).toEqual(["GATE_PASS_SECRET must be at least 32 characters"]);
    expect(problems({ ...production, GATE_PASS_SECRET: "g".repeat(32), GATE_PASS_SECRET_PREVIOUS: "p" })).toEqual([
      "GATE_PASS_SECRET_PREVIOUS must be at least 32 characters",
    ]);
    const env = parseEnv({ ...production, GATE_PASS_SECRET: "g".repeat(32), GATE_PASS_SECRET_PREVIOUS: "p".repeat(32) });
    expect(env.gatePassSecrets).toEqual(["g".repeat(32), "p".repeat(32)]);
  });

  it("derives a gate-pass secret outside production that is never the auth secret itself", () => {
    const a = parseEnv({ NODE_ENV: "development", AUTH_SECRET: "a".repeat(32) });
    expect(a.gatePassSecrets).toHaveLength(1);
    expect(a.gatePassSecrets[0]).not.toBe("a".repeat(32));
    expect(parseEnv({ NODE_ENV: "development", AUTH_SECRET: "a".repeat(32) }).gatePassSecrets).toEqual(a.gatePassSecrets);
  });

  it("names every bad variable", () => {
    const found = problems({
      DATABASE_URL: "mysql://nope",
      REDIS_URL: "http://nope",
      AUTH_SECRET: "short",
      SESSION_IDLE_MINUTES: "abc",
      DB_POOL_MAX: "0",
    });
    expect(found.map((p) => p.split(" ")[0]).sort()).toEqual(["AUTH_SECRET", "DATABASE_URL", "DB_POOL_MAX", "REDIS_URL", "SESSION_IDLE_MINUTES"]);
  });

  it("refuses an idle timeout longer than the absolute lifetime", () => {
    expect(problems({ SESSION_IDLE_MINUTES: "90", SESSION_ABSOLUTE_MINUTES: "60" })).toEqual([
      "SESSION_IDLE_MINUTES must not exceed SESSION_ABSOLUTE_MINUTES",
    ]);
  });

  it("defaults the mail and proxy settings safely", () => {
    const env = parseEnv({});
    expect(env.TRUST_PROXY).toBe(false);
    expect(env.SMTP_URL).toBeUndefined();
    expect(env.APP_URL).toBeUndefined();
    expect(env.MAIL_FROM).toBe("TraceTrack <no-reply@tracetrack.local>");
  });

  it("reads TRUST_PROXY, SMTP_URL and APP_URL (without a trailing slash)", () => {
    const env = parseEnv({
      TRUST_PROXY: "true",
      SMTP_URL: "smtp://user:pass@mail.example:587",
      APP_URL: "https://track.example.com/",
      MAIL_FROM: "Ops <ops@example.com>",
    });
    expect(env.TRUST_PROXY).toBe(true);
    expect(env.SMTP_URL).toBe("smtp://user:pass@mail.example:587");
    expect(env.APP_URL).toBe("https://track.example.com");
    expect(env.MAIL_FROM).toBe("Ops <ops@example.com>");
  });

  it("names bad mail and proxy variables", () => {
    const found = problems({ TRUST_PROXY: "maybe", SMTP_URL: "http://mail", APP_URL: "ftp://x" });
    expect(found.map((p) => p.split(" ")[0]).sort()).toEqual(["APP_URL", "SMTP_URL", "TRUST_PROXY"]);
  });
});

describe("session limits in seconds", () => {
  it("defaults to 30 minutes idle and 60 in total, in minutes and in ms", () => {
    const env = parseEnv({});
    expect([env.SESSION_IDLE_MINUTES, env.SESSION_ABSOLUTE_MINUTES]).toEqual([30, 60]);
    expect([env.sessionIdleMs, env.sessionAbsoluteMs]).toEqual([30 * 60_000, 60 * 60_000]);
  });

  it("reads SESSION_IDLE_SECONDS and SESSION_ABSOLUTE_SECONDS, and the minute variables as before", () => {
    const seconds = parseEnv({ SESSION_IDLE_SECONDS: "15", SESSION_ABSOLUTE_SECONDS: "300" });
    expect([seconds.sessionIdleMs, seconds.sessionAbsoluteMs]).toEqual([15_000, 300_000]);
    expect([seconds.SESSION_IDLE_MINUTES, seconds.SESSION_ABSOLUTE_MINUTES]).toEqual([0.25, 5]);
    const minutes = parseEnv({ SESSION_IDLE_MINUTES: "1", SESSION_ABSOLUTE_MINUTES: "5" });
    expect([minutes.sessionIdleMs, minutes.sessionAbsoluteMs]).toEqual([60_000, 300_000]);
    const mixed = parseEnv({ SESSION_IDLE_SECONDS: "90", SESSION_ABSOLUTE_MINUTES: "2" });
    expect([mixed.sessionIdleMs, mixed.sessionAbsoluteMs]).toEqual([90_000, 120_000]);
  });

  it("treats an empty variable as unset", () => {
    expect(parseEnv({ SESSION_IDLE_MINUTES: "", SESSION_IDLE_SECONDS: "20" }).sessionIdleMs).toBe(20_000);
  });

  it("refuses one limit set in both units, naming both", () => {
    expect(problems({ SESSION_IDLE_SECONDS: "20", SESSION_IDLE_MINUTES: "1" })).toEqual(["SESSION_IDLE_SECONDS conflicts with SESSION_IDLE_MINUTES: set one of them"]);
    expect(problems({ SESSION_ABSOLUTE_SECONDS: "600", SESSION_ABSOLUTE_MINUTES: "10" })).toEqual([
      "SESSION_ABSOLUTE_SECONDS conflicts with SESSION_ABSOLUTE_MINUTES: set one of them",
    ]);
  });

  it("refuses limits under 10 seconds or not whole", () => {
    expect(problems({ SESSION_IDLE_SECONDS: "5" }).map((p) => p.split(" ")[0])).toEqual(["SESSION_IDLE_SECONDS"]);
    expect(problems({ SESSION_ABSOLUTE_SECONDS: "12.5" }).map((p) => p.split(" ")[0])).toEqual(["SESSION_ABSOLUTE_SECONDS"]);
  });

  it("refuses an idle limit past the absolute one, naming the variables that set them", () => {
    expect(problems({ SESSION_IDLE_SECONDS: "120", SESSION_ABSOLUTE_SECONDS: "60" })).toEqual(["SESSION_IDLE_SECONDS must not exceed SESSION_ABSOLUTE_SECONDS"]);
    expect(problems({ SESSION_ABSOLUTE_SECONDS: "60" })).toEqual(["SESSION_IDLE_MINUTES must not exceed SESSION_ABSOLUTE_SECONDS (it defaults to 30 minutes)"]);
  });

  it("warns half-way through a 15-second idle limit, and about the absolute limit when that comes first", () => {
    expect(planSession({ idleRemainingMs: 15_000, absoluteRemainingMs: 300_000 }, 15_000)).toEqual({ endsInMs: 15_000, warnInMs: 7_500, reason: "idle" });
    expect(planSession({ idleRemainingMs: 15_000, absoluteRemainingMs: 12_000 }, 15_000)).toEqual({ endsInMs: 12_000, warnInMs: 4_500, reason: "absolute" });
  });
});

describe("COMPANY_* (the dispatch sheet's company header)", () => {
  it("defaults the name to TraceTrack and leaves address, GSTIN and phone out", () => {
    const env = parseEnv({});
    expect([env.COMPANY_NAME, env.COMPANY_ADDRESS, env.COMPANY_GSTIN, env.COMPANY_PHONE]).toEqual(["TraceTrack", undefined, undefined, undefined]);
    expect(parseEnv({ COMPANY_NAME: "   ", COMPANY_ADDRESS: "" }).COMPANY_NAME).toBe("TraceTrack");
  });

  it("trims each value and folds its whitespace, newlines included, to single spaces", () => {
    const env = parseEnv({
      COMPANY_NAME: "  Shree   Agro Traders ",
      COMPANY_ADDRESS: "12 Mandi Road,\n  Kanpur 208001 ",
      COMPANY_GSTIN: " 09AAACT1234F1Z5 ",
      COMPANY_PHONE: " +91 98390 12345 ",
    });
    expect([env.COMPANY_NAME, env.COMPANY_ADDRESS, env.COMPANY_GSTIN, env.COMPANY_PHONE]).toEqual([
      "Shree Agro Traders",
      "12 Mandi Road, Kanpur 208001",
      "09AAACT1234F1Z5",
      "+91 98390 12345",
    ]);
  });

  it("refuses a malformed GSTIN or phone and an overlong name, naming each variable", () => {
    expect(problems({ COMPANY_GSTIN: "09AAACT1234F1Z", COMPANY_PHONE: "call us", COMPANY_NAME: "N".repeat(101) })).toEqual([
      "COMPANY_NAME must be at most 100 characters",
      "COMPANY_GSTIN must be a 15-character GSTIN such as 09AAACT1234F1Z5",
      "COMPANY_PHONE must be a phone number (digits, spaces, + ( ) -)",
    ]);
    expect(problems({ COMPANY_GSTIN: "09aaact1234f1z5" })).toHaveLength(1);
    expect(problems({ COMPANY_ADDRESS: "A".repeat(201) })).toEqual(["COMPANY_ADDRESS must be at most 200 characters"]);
  });
});
