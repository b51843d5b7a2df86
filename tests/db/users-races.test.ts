import { and, eq, isNull } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { users } from "@/db/schema";
import { createUserWithTemporaryPassword } from "@/lib/server/admin/admin-users";
import type { Actor } from "@/lib/server/service";
import { deleteUser } from "@/lib/server/users/anonymise";
import { updateUser } from "@/lib/server/users/edit";
import { assignRole, MAX_DISPATCHERS_PER_AREA } from "@/lib/server/users/roles";
import { ctxOf, settle } from "../support/context";
import { setupTestDb, truncateAll, usingPostgres } from "../support/db";
import { makeUser } from "../support/factories";

// Issue 17: the user rules counted over many rows hold when two admins act at the same moment
// (the user-roles advisory lock). PGlite has one connection, so real parallelism needs PostgreSQL.

const db = setupTestDb();

function tally(outcomes: ({ ok: unknown } | { code: string })[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of outcomes) {
    const key = "code" in o ? o.code : "ok";
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

const activeAdmins = async () =>
  (await db().db.select({ id: users.id }).from(users).where(and(eq(users.role, "admin"), isNull(users.deletedAt)))).length;
const dispatchersIn = async (area: "ranchi") =>
  (await db().db.select({ id: users.id }).from(users).where(and(eq(users.role, "dispatcher"), eq(users.dispatchArea, area), isNull(users.deletedAt)))).length;

describe.skipIf(!usingPostgres)("user rule races (PostgreSQL)", () => {
  let first: Actor;
  let second: Actor;
  beforeEach(async () => {
    await truncateAll(db());
    first = await makeUser(db().db, "admin");
    second = await makeUser(db().db, "admin");
  });

  it("two admins demoting each other at once: exactly one succeeds and one admin remains", async () => {
    for (let round = 0; round < 5; round += 1) {
      const outcomes = await Promise.all([
        settle(db().db.transaction((tx) => assignRole(tx, ctxOf(db().db, first), second.id, { role: "biller", dispatchArea: null }))),
        settle(db().db.transaction((tx) => assignRole(tx, ctxOf(db().db, second), first.id, { role: "biller", dispatchArea: null }))),
      ]);
      expect(tally(outcomes)).toEqual({ ok: 1, last_admin: 1 });
      expect(await activeAdmins()).toBe(1);
      // Both admins again for the next round.
      await db().db.update(users).set({ role: "admin" }).where(eq(users.role, "biller"));
    }
  });

  it("two admins deleting each other at once: exactly one succeeds and one admin remains", async () => {
    const outcomes = await Promise.all([
      settle(deleteUser(ctxOf(db().db, first), { userId: second.id })),
      settle(deleteUser(ctxOf(db().db, second), { userId: first.id })),
    ]);
    expect(tally(outcomes)).toEqual({ ok: 1, last_admin: 1 });
    expect(await activeAdmins()).toBe(1);
  });

  it(`11 concurrent creations and assignments into an area holding ${MAX_DISPATCHERS_PER_AREA - 1}: exactly one succeeds`, async () => {
    for (let i = 0; i < MAX_DISPATCHERS_PER_AREA - 1; i += 1) await makeUser(db().db, "dispatcher", "ranchi");
    const billers: Actor[] = [];
    for (let i = 0; i < 6; i += 1) billers.push(await makeUser(db().db, "biller"));
    const outcomes = await Promise.all([
      // Six existing billers moved into Ranchi (through assignRole and through the edit verb)…
      ...billers.slice(0, 3).map((b) =>
        settle(db().db.transaction((tx) => assignRole(tx, ctxOf(db().db, first), b.id, { role: "dispatcher", dispatchArea: "ranchi" }))),
      ),
      ...billers.slice(3).map((b) => settle(updateUser(ctxOf(db().db, second), { userId: b.id, role: "dispatcher", dispatchArea: "ranchi" }))),
      // …and five new dispatchers created there.
      ...[1, 2, 3, 4, 5].map((i) =>
        settle(createUserWithTemporaryPassword(ctxOf(db().db, i % 2 ? first : second), { username: `ranchi-new-${i}`, role: "dispatcher", dispatchArea: "ranchi" })),
      ),
    ]);
    expect(tally(outcomes)).toEqual({ ok: 1, area_full: 10 });
    expect(await dispatchersIn("ranchi")).toBe(MAX_DISPATCHERS_PER_AREA);
  });
});
