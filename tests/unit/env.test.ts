import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "@/lib/server/env";

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
    expect(problems({ NODE_ENV: "production" })).toEqual(["AUTH_SECRET is required in production"]);
  });

  it("uses Secure cookies in production unless told otherwise", () => {
    const secret = "s".repeat(32);
    expect(parseEnv({ NODE_ENV: "production", AUTH_SECRET: secret }).cookieSecure).toBe(true);
    expect(parseEnv({ NODE_ENV: "production", AUTH_SECRET: secret, COOKIE_SECURE: "false" }).cookieSecure).toBe(false);
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
});
