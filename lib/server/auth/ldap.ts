import "server-only";
import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { sessions, users } from "@/db/schema";
import { directoryName, isSearchableName, placementFromGroups, printable, type DirectoryPlacement } from "@/lib/directory";
import { formatArea } from "@/lib/domain";
import { audit, writeAudit } from "../audit";
import { AppError, type ErrorText } from "../errors";
import { contextFor, type PublicContext, type ServiceContext } from "../service";
import { hashPassword, burnPasswordCheck } from "../users/passwords";
import { assertPlacementAllowed, assignRole, lockUserRoles, MAX_DISPATCHERS_PER_AREA } from "../users/roles";
import { askDirectory, type DirectoryConfig } from "./ldap-client";
import { clearFailures } from "./lockout";
import { recordLoginEvent, type LoginEventReason } from "./login-events";
import { refuseBlockedAccount, refuseWrongPassword, SIGN_IN_ACCOUNT, type LoginResult, type SignInAccount } from "./login";

// Directory (LDAP) sign-in (DESIGN.md §8, seed 003). The directory checks the password and its
// groups set the role at every sign-in; the account here is created at the first one. Every
// refusal a stranger could see is the generic wrong-password answer, after comparable work.

export const DIRECTORY_UNAVAILABLE = "The directory (LDAP) is not reachable right now. Local accounts can still sign in.";

/** The sign-in form's answer when the directory did not answer (503, not the user's fault). */
export const directoryUnavailable = () => new AppError(503, "directory_unavailable", DIRECTORY_UNAVAILABLE);

type RefusalReason =
  | "invalid_name"
  | "local_account"
  | "empty_password"
  | "not_in_directory"
  | "ambiguous"
  | "bad_password"
  | "no_mapped_group"
  | "last_admin"
  | "area_full";

// How each refusal counts in the sign-in analytics (login_events).
const EVENT_OF: Record<RefusalReason, LoginEventReason> = {
  invalid_name: "unknown_user",
  local_account: "bad_password",
  empty_password: "bad_password",
  not_in_directory: "unknown_user",
  ambiguous: "unknown_user",
  bad_password: "bad_password",
  no_mapped_group: "not_permitted",
  last_admin: "not_permitted",
  area_full: "not_permitted",
};

const INVALID = { ok: false, reason: "invalid" } as const;

/**
 * Checks `typed` and `password` against the directory. `exact` is the account whose username or
 * e-mail is exactly what was typed (not a local one: the caller checked those itself); otherwise
 * the account is looked up by the directory name (`CORP\jdoe`, `jdoe@corp` → `jdoe`).
 */
export async function checkDirectoryCredentials(
  ctx: PublicContext,
  config: DirectoryConfig,
  typed: string,
  exact: SignInAccount | null,
  password: string,
): Promise<LoginResult> {
  const { db, meta } = ctx;
  const name = exact?.username ?? directoryName(typed);
  const shown = printable(name);
  const base = { ip: meta.ip, requestId: meta.requestId, entityType: "user" } as const;
  let account = exact;
  const event = (reason: LoginEventReason) => recordLoginEvent(db, meta, { userId: account?.id ?? null, identifier: printable(typed, 254), success: false, reason });
  const fromDirectory = { ip: meta.ip, requestId: meta.requestId, details: { source: "directory" } };
  const refuse = async (reason: RefusalReason, details: Record<string, unknown> = {}, critical = false) => {
    const who = account ? { userId: account.id, actor: account.username, entityId: account.id } : {};
    await writeAudit(db, { ...base, ...who, action: "ldap_login_refused", critical, details: { reason, username: shown, ...details } });
    await event(EVENT_OF[reason]);
    return INVALID;
  };

  if (!isSearchableName(name)) {
    await burnPasswordCheck(password);
    return refuse("invalid_name");
  }
  account ??= await findByName(ctx, name);
  // A directory name never takes over a local account of the same name (that one signs in by its
  // own password, typed exactly).
  if (account?.authSource === "local") {
    await burnPasswordCheck(password);
    return refuse("local_account");
  }
  // Checked before asking the directory, so guessing here cannot lock the directory account too.
  const blocked = account ? await refuseBlockedAccount(db, account, password, event, fromDirectory) : null;
  if (blocked) return blocked;
  // A simple bind with an empty password is an anonymous bind, and that succeeds.
  if (password === "") {
    await burnPasswordCheck(password);
    return refuse("empty_password");
  }

  const answer = await askDirectory(config, name, password);
  switch (answer.kind) {
    case "unavailable":
      console.error(`[ldap] directory unavailable: ${answer.detail}`);
      await writeAudit(db, { ...base, action: "ldap_unavailable", details: { username: shown, detail: answer.detail } });
      return { ok: false, reason: "directory_unavailable" };
    case "unknown_user":
      // No user bind happened: a bcrypt check stands in for it.
      await burnPasswordCheck(password);
      if (account) return refuse("not_in_directory");
      await writeAudit(db, { ...base, action: "login_failed_unknown_user", details: { username: shown, source: "directory" } });
      await event("unknown_user");
      return INVALID;
    case "ambiguous":
      await burnPasswordCheck(password);
      return refuse("ambiguous");
    case "bad_password":
      return account ? refuseWrongPassword(ctx, account, event, fromDirectory) : refuse("bad_password");
    case "ok":
      break;
  }

  const placement = placementFromGroups(answer.groups, config.groupRoles);
  if (!placement) {
    // Out of every mapped group: what they may still have open ends now too.
    const ended = account ? (await db.delete(sessions).where(eq(sessions.userId, account.id)).returning({ userId: sessions.userId })).length : 0;
    return refuse("no_mapped_group", { groups: answer.groups.slice(0, 20), sessionsEnded: ended });
  }
  try {
    const userId = account ? account.id : await createDirectoryUser(ctx, name, answer.mail, answer.dn, placement);
    const user = await syncDirectoryUser(ctx, userId, answer.mail, placement);
    if (!user.totpEnabled) await clearFailures(ctx, userId);
    await writeAudit(db, { ...base, userId, actor: user.username, entityId: userId, action: "login_success", details: { source: "directory", group: placement.group } });
    return { ok: true, userId, username: user.username };
  } catch (err) {
    // TraceTrack's own rules (DESIGN.md §2) still hold for the role the groups give.
    if (err instanceof AppError && (err.code === "last_admin" || err.code === "area_full")) {
      await refuse(err.code, { role: placement.role, dispatchArea: placement.dispatchArea, group: placement.group }, true);
      return { ok: false, reason: "refused", ...refusal(err.code, placement) };
    }
    throw err;
  }
}

/** The refusal's sentence, and its key and values under `errors` for other languages. */
function refusal(code: "last_admin" | "area_full", placement: DirectoryPlacement): { message: string; text: ErrorText } {
  if (code === "last_admin") {
    return {
      message: "Your directory groups no longer make you an admin, but you are TraceTrack's last admin. Ask IT to make someone else an admin first.",
      text: { key: "auth_directory_last_admin", values: {} },
    };
  }
  const area = placement.dispatchArea ? formatArea(placement.dispatchArea) : "that area";
  return {
    message: `Your directory groups make you a dispatcher of ${area}, which already has ${MAX_DISPATCHERS_PER_AREA} dispatchers. Ask an admin to make room.`,
    text: { key: "auth_directory_area_full", values: { area: formatArea(placement.dispatchArea), max: MAX_DISPATCHERS_PER_AREA } },
  };
}

async function findByName(ctx: PublicContext, name: string): Promise<SignInAccount | null> {
  const [row] = await ctx.db
    .select(SIGN_IN_ACCOUNT)
    .from(users)
    .where(eq(sql`lower(${users.username})`, name.toLowerCase()))
    .limit(1);
  return row ?? null;
}

/** A `mail` value fit to store: one address, and no other account's. */
async function usableMail(ctx: PublicContext, mail: string | null, userId: string | null): Promise<string | null> {
  if (!mail || mail.length > 254 || !/^[^\s@]+@[^\s@]+$/.test(mail)) return null;
  const [taken] = await ctx.db.select({ id: users.id }).from(users).where(eq(sql`lower(${users.email})`, mail.toLowerCase())).limit(1);
  return taken && taken.id !== userId ? null : mail;
}

/**
 * The account of a directory user's first sign-in: named as in the directory (lower case), the
 * directory's e-mail, a random password nobody knows (the directory checks passwords). Under
 * the user-roles lock, so two first sign-ins at once make one account and the area cap holds.
 */
async function createDirectoryUser(ctx: PublicContext, name: string, mail: string | null, dn: string, placement: DirectoryPlacement): Promise<string> {
  const username = name.toLowerCase();
  const passwordHash = await hashPassword(randomBytes(32).toString("base64url"));
  const email = await usableMail(ctx, mail, null);
  return ctx.db.transaction(async (tx) => {
    await lockUserRoles(tx);
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(sql`lower(${users.username})`, username)).limit(1);
    if (existing) return existing.id;
    await assertPlacementAllowed(tx, null, placement);
    const [row] = await tx
      .insert(users)
      .values({ username, name: username, email, passwordHash, role: placement.role, dispatchArea: placement.dispatchArea, authSource: "ldap" })
      .returning({ id: users.id });
    if (!row) throw new Error("createDirectoryUser: the insert returned no row");
    const self = contextFor(ctx.db, { id: row.id, username, role: placement.role, dispatchArea: placement.dispatchArea }, ctx.meta);
    await audit(tx, self, {
      action: "ldap_user_created",
      entityType: "user",
      entityId: row.id,
      after: { username, email, role: placement.role, dispatchArea: placement.dispatchArea, authSource: "ldap" },
      details: { dn, group: placement.group, ...(mail && !email ? { mailNotStored: "taken or not an address" } : {}) },
      critical: true,
    });
    return row.id;
  });
}

/**
 * Makes the account's role and area those its groups give now (the directory decides for its
 * users; the last-admin and area-cap rules still apply and throw) and takes over a changed
 * e-mail. A role change is audited as ldap_role_synced, and assignRole ends the old sessions.
 */
async function syncDirectoryUser(ctx: PublicContext, userId: string, mail: string | null, placement: DirectoryPlacement) {
  const email = await usableMail(ctx, mail, userId);
  return ctx.db.transaction(async (tx) => {
    const [user] = await tx
      .select({ username: users.username, role: users.role, dispatchArea: users.dispatchArea, email: users.email, totpEnabled: users.totpEnabled })
      .from(users)
      .where(eq(users.id, userId))
      .limit(1);
    if (!user) throw new Error(`syncDirectoryUser: no user ${userId}`);
    const self: ServiceContext = contextFor(ctx.db, { id: userId, username: user.username, role: user.role, dispatchArea: user.dispatchArea }, ctx.meta);
    const change = { role: placement.role, dispatchArea: placement.dispatchArea, reason: `directory group ${placement.group}` };
    const { before, after } = await assignRole(tx, self, userId, change, { fromDirectory: true });
    if (before.role !== after.role || before.dispatchArea !== after.dispatchArea) {
      await audit(tx, self, { action: "ldap_role_synced", entityType: "user", entityId: userId, before, after, details: { group: placement.group }, critical: true });
    }
    if (email && email !== user.email) {
      await tx.update(users).set({ email, updatedAt: new Date() }).where(eq(users.id, userId));
      await audit(tx, self, { action: "user_updated", entityType: "user", entityId: userId, before: { email: user.email }, after: { email }, details: { source: "directory" } });
    }
    return user;
  });
}
