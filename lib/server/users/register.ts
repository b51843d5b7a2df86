import "server-only";
import { sql } from "drizzle-orm";
import { users } from "@/db/schema";
import type { CreatedUser } from "@/lib/dto/users";
import { RegisterInput } from "@/lib/schemas/register";
import { APP_LIMITER, spendAttempt, type LimitCheck } from "../auth/attempts";
import { writeAudit } from "../audit";
import { appUrlOf, getEnv } from "../env";
import { NotFoundError, ValidationError } from "../errors";
import { queueMail } from "../mail";
import type { PublicContext } from "../service";
import { parseInput } from "../validation";
import { hashPassword } from "./passwords";

// Self-registration (DESIGN.md §4): off unless REGISTRATION=open. It makes a dispatcher with no
// dispatch area, who cannot scan or see bags until an admin assigns one (lib/server/scan/access.ts).

export const REGISTRATION_CLOSED = "Self-registration is turned off here. Ask an admin to create your account.";
export const USERNAME_TAKEN = "That username is already taken; choose another.";
export const EMAIL_TAKEN = "An account with this email address already exists. Sign in, or use “Forgot your password?”.";
const TAKEN = "That username or email address is already in use.";
/** Where a registration (or a bot's, to look the same) lands: /login with REGISTERED_NOTICE. */
export const REGISTERED_PATH = "/login?registered=1";
export const REGISTERED_NOTICE = "Account created. Sign in; an admin must assign your dispatch area before you can scan.";

/** Whether /register is open (REGISTRATION=open); closed by default. */
export function registrationOpen(): boolean {
  return getEnv().REGISTRATION === "open";
}

function welcomeMailText(username: string): string {
  return [
    `Welcome to TraceTrack, ${username}.`,
    "",
    "Your dispatcher account has been created. You can sign in now:",
    `${appUrlOf()}/login`,
    "",
    "An admin must assign your dispatch area before you can scan or see bags. Until then the scan",
    "station tells you so. Ask your supervisor if this takes long.",
    "",
    "If you did not create this account, tell your TraceTrack admin.",
  ].join("\n");
}

/** Which unique value a refused insert collided with: the field to mark, and what to say. */
async function takenFields(ctx: PublicContext, username: string, email: string): Promise<Record<string, string[]>> {
  const [taken] = await ctx.db
    .select({
      username: sql<boolean>`bool_or(lower(${users.username}) = ${username.toLowerCase()})`,
      email: sql<boolean>`bool_or(lower(${users.email}) = ${email})`,
    })
    .from(users)
    .where(sql`lower(${users.username}) = ${username.toLowerCase()} or lower(${users.email}) = ${email}`);
  if (taken?.username) return { username: [USERNAME_TAKEN] };
  if (taken?.email) return { email: [EMAIL_TAKEN] };
  return { username: [TAKEN] };
}

/**
 * Creates a dispatcher with no area from the public form: closed → 404; then the schema, the
 * `register` limit (per IP and per username), the honeypot (a bot is answered as if it worked,
 * and nothing is made). A taken username or email is a field error, also when two people race
 * for one name (the unique indexes decide; the loser gets the same error). Mails a welcome.
 */
export async function registerUser(ctx: PublicContext, input: unknown, limiter: LimitCheck = APP_LIMITER): Promise<CreatedUser | null> {
  if (!registrationOpen()) throw new NotFoundError(REGISTRATION_CLOSED, "registration_closed");
  const { username, email, password, honeypot } = parseInput(RegisterInput, input);
  const { db, meta } = ctx;
  await spendAttempt("register", { ip: meta.ip, account: username.toLowerCase() }, undefined, limiter);
  const passwordHash = await hashPassword(password);
  if (honeypot) {
    await writeAudit(db, { ip: meta.ip, requestId: meta.requestId, action: "honeypot_triggered", details: { form: "register" } });
    return null;
  }
  const created = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(users)
      .values({ username, email, name: username, passwordHash, role: "dispatcher", dispatchArea: null, authSource: "local" })
      .onConflictDoNothing()
      .returning({ id: users.id, username: users.username, role: users.role, dispatchArea: users.dispatchArea });
    if (!row) return null;
    await writeAudit(tx, {
      ip: meta.ip,
      requestId: meta.requestId,
      action: "user_registered",
      userId: row.id,
      actor: row.username,
      entityType: "user",
      entityId: row.id,
      after: { ...row, authSource: "local" },
    });
    return row;
  });
  if (!created) {
    const fields = await takenFields(ctx, username, email);
    throw new ValidationError(Object.values(fields).flat().join(" "), fields, "account_exists");
  }
  await queueMail(db, { to: email, subject: "Welcome to TraceTrack", text: welcomeMailText(created.username) });
  return created;
}

