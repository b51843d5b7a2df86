import { eq, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { auditLog, users } from "@/db/schema";
import { systemContext } from "@/lib/server/service";
import { AppError } from "@/lib/server/errors";
import { ensureAdmin } from "@/lib/server/ops/bootstrap";
import { createUser, setPassword } from "@/lib/server/users/mutations";
import { verifyPassword } from "@/lib/server/users/passwords";
import { truncateAll, setupTestDb } from "../support/db";

const db = setupTestDb();
const system = () => systemContext(db().db);

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "no error";
  } catch (err) {
    return err instanceof AppError ? err.code : String(err);
  }
}

describe("users", () => {
  beforeEach(async () => truncateAll(db()));

  it("creates a user with a bcrypt hash and an audit row without secrets", async () => {
    const row = await createUser(system(), { username: "ravi", password: "long-enough-pw", role: "dispatcher", dispatchArea: "akola" });
    expect(row).toMatchObject({ username: "ravi", role: "dispatcher", dispatchArea: "akola" });
    const [stored] = await db().db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, row.id));
    expect(stored?.hash).toMatch(/^\$2[aby]\$1\d\$/);
    expect(await verifyPassword("long-enough-pw", stored?.hash ?? "")).toBe(true);
    const [audit] = await db().db.select().from(auditLog).where(eq(auditLog.action, "user_created"));
    expect(JSON.stringify(audit)).not.toMatch(/long-enough-pw|\$2[aby]\$/);
  });

  it("refuses a duplicate username differing only in case", async () => {
    await createUser(system(), { username: "Meera", password: "long-enough-pw", role: "biller" });
    expect(await codeOf(createUser(system(), { username: "meera", password: "long-enough-pw", role: "biller" }))).toBe("duplicate_user");
  });

  it.each([
    [{ username: "ab", password: "long-enough-pw", role: "biller" }, "short username"],
    [{ username: "x y", password: "long-enough-pw", role: "biller" }, "space in username"],
    [{ username: "okname", password: "short", role: "biller" }, "short password"],
    [{ username: "okname", password: "password123", role: "biller" }, "common password"],
    [{ username: "okname", password: "long-enough-pw", role: "root" }, "unknown role"],
    [{ username: "okname", password: "long-enough-pw", role: "dispatcher" }, "dispatcher without area"],
    [{ username: "okname", password: "long-enough-pw", role: "dispatcher", dispatchArea: "mumbai" }, "unknown area"],
    [{ username: "okname", password: "long-enough-pw", role: "biller", dispatchArea: "akola" }, "area on a biller"],
  ] as [Record<string, string>, string][])("refuses invalid input (%o: %s) and writes nothing", async (input) => {
    expect(await codeOf(createUser(system(), input))).toBe("invalid_input");
    expect(await db().db.select().from(users)).toHaveLength(0);
  });

  it("sets a password and clears a lockout", async () => {
    const row = await createUser(system(), { username: "sunil", password: "long-enough-pw", role: "biller" });
    await db().db.update(users).set({ failedLoginAttempts: 5, lockedUntil: new Date(Date.now() + 60_000) }).where(eq(users.id, row.id));
    await setPassword(system(), { username: "SUNIL", password: "another-long-pw" });
    const [stored] = await db().db.select().from(users).where(eq(users.id, row.id));
    expect(stored).toMatchObject({ failedLoginAttempts: 0, lockedUntil: null });
    expect(await verifyPassword("another-long-pw", stored?.passwordHash ?? "")).toBe(true);
    expect(await codeOf(setPassword(system(), { username: "nobody", password: "another-long-pw" }))).toBe("unknown_user");
  });

  it("bootstraps user admin once: generated password when none is given, never overwritten", async () => {
    const first = await ensureAdmin(db(), undefined);
    expect(first.created).toBe(true);
    const generated = first.created ? first.generatedPassword : undefined;
    expect(generated).toMatch(/^[A-Za-z0-9]{16}$/);
    const second = await ensureAdmin(db(), "a-different-password");
    expect(second.created).toBe(false);
    const [admin] = await db().db.select().from(users).where(eq(sql`lower(${users.username})`, "admin"));
    expect(admin?.role).toBe("admin");
    expect(await verifyPassword(generated ?? "", admin?.passwordHash ?? "")).toBe(true);
  });
});
