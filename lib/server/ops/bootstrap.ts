import "server-only";
import { eq, sql } from "drizzle-orm";
import type { DbHandle } from "@/db/client";
import { users } from "@/db/schema";
import { systemContext } from "../service";
import type { Env } from "../env";
import { createUser } from "../users/mutations";
import { generatePassword } from "../users/passwords";
import { seedDemo } from "./demo-seed";
import { ensurePortalRole } from "../portal/role";

/** Creates user `admin` if missing; returns the password only when it was generated here. */
export async function ensureAdmin(handle: DbHandle, adminPassword: string | undefined) {
  const [existing] = await handle.db
    .select({ id: users.id })
    .from(users)
    .where(eq(sql`lower(${users.username})`, "admin"))
    .limit(1);
  if (existing) return { created: false as const };
  const password = adminPassword ?? generatePassword();
  await createUser(systemContext(handle.db), { username: "admin", password, role: "admin" });
  return { created: true as const, generatedPassword: adminPassword ? undefined : password };
}

/** Runs once per server start: migrations, admin bootstrap, optional demo data. */
export async function bootstrap(handle: DbHandle, env: Env, log: (line: string) => void = console.log) {
  const started = Date.now();
  await handle.migrate();
  log(`[tracetrack] database ready (${handle.kind}) — migrations applied in ${Date.now() - started} ms`);
  await ensurePortalRole(handle, log);
  const admin = await ensureAdmin(handle, env.ADMIN_PASSWORD);
  if (admin.created && admin.generatedPassword) {
    log(`[tracetrack] created user "admin" with password: ${admin.generatedPassword}`);
    log("[tracetrack] (printed once — set ADMIN_PASSWORD to choose it; change it after signing in)");
  } else if (admin.created) {
    log('[tracetrack] created user "admin" with the password from ADMIN_PASSWORD');
  }
  if (env.SEED_DEMO) {
    const demo = await seedDemo(handle.db);
    if (demo.created) log("[tracetrack] demo data seeded");
    log("[tracetrack] demo users: admin / (ADMIN_PASSWORD), biller / demo-biller-pass, dispatcher / demo-dispatch-pass, gate / demo-gate-pass; portal: dealer@demo.example / demo-customer-pass");
  }
}
