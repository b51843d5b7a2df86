import "server-only";
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import type { Role } from "@/lib/domain";
import { can, type Action } from "@/lib/permissions";
import { ForbiddenError, UnauthorizedError } from "../errors";
import { PATH_HEADER } from "../request-context";
import { getCurrentUser, type SessionUser } from "./session";

/**
 * Two duties a signed-in user may still owe: an admin must turn on 2FA (DESIGN.md §5), and a
 * temporary password must be replaced. Until then every guard refuses them, except where the
 * caller says the guarded thing is how the duty gets done (enrolment, the password form).
 */
export interface GateOptions {
  allowMissing2fa?: boolean;
  allowPasswordChange?: boolean;
  /**
   * A customer account (DESIGN.md §2) is refused everywhere except where the caller says so: the
   * portal, its own profile/password and 2FA. So a staff page or verb that forgot a permission
   * check still never reaches a dealer.
   */
  allowCustomer?: boolean;
}

/** Whether this guard shuts `user` out as a customer account on a staff page or verb. */
function customerShutOut(user: Pick<SessionUser, "role">, options: GateOptions): boolean {
  return user.role === "customer" && !options.allowCustomer;
}

export type Duty = "password_change" | "2fa_setup";

/** The first duty the user still owes, or null. The password comes first: enrolment needs a real one. */
export function pendingDuty(user: Pick<SessionUser, "role" | "totpEnabled" | "mustChangePassword">, options: GateOptions = {}): Duty | null {
  if (user.mustChangePassword && !options.allowPasswordChange) return "password_change";
  if (user.role === "admin" && !user.totpEnabled && !options.allowMissing2fa) return "2fa_setup";
  return null;
}

const DUTY_ERRORS: Record<Duty, () => ForbiddenError> = {
  password_change: () => new ForbiddenError("Change your temporary password first (Profile → Password).", "password_change_required"),
  "2fa_setup": () => new ForbiddenError("Admins must turn on two-factor authentication first (Profile → Two-factor).", "2fa_required"),
};

/** For actions and route handlers: the signed-in user with no duty owed, else 401/403. */
export async function requireUser(options: GateOptions = {}): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) throw new UnauthorizedError();
  if (customerShutOut(user, options)) throw new ForbiddenError("Customer accounts can only use the portal.", "customer_account");
  const duty = pendingDuty(user, options);
  if (duty) throw DUTY_ERRORS[duty]();
  return user;
}

/** For actions and route handlers: the user if their role is listed, else ForbiddenError (403). */
export async function requireRole(...roles: Role[]): Promise<SessionUser> {
  const user = await requireUser();
  if (!roles.includes(user.role)) throw new ForbiddenError();
  return user;
}

/** For actions and route handlers: the user if the permission matrix allows `action`. */
export async function requirePermission(action: Action, options: GateOptions = {}): Promise<SessionUser> {
  const user = await requireUser(options);
  if (!can(user.role, action)) throw new ForbiddenError();
  return user;
}

async function currentPath(): Promise<string | null> {
  return (await headers()).get(PATH_HEADER);
}

async function redirectToLogin(): Promise<never> {
  const path = await currentPath();
  redirect(path ? `/login?next=${encodeURIComponent(path)}` : "/login");
}

export const DUTY_PAGES: Record<Duty, string> = { password_change: "/profile/password", "2fa_setup": "/2fa/setup" };

async function redirectToDuty(duty: Duty): Promise<never> {
  const path = await currentPath();
  const back = path && !path.startsWith(DUTY_PAGES[duty]) ? `?next=${encodeURIComponent(path)}` : "";
  redirect(`${DUTY_PAGES[duty]}${back}`);
}

/**
 * For layouts only: the signed-in user (else /login) WITHOUT the duty redirects, so the frame can
 * render around the password page. Layouts never gate; every page calls requirePageUser.
 */
export async function requirePageSession(): Promise<SessionUser> {
  const user = await getCurrentUser();
  return user ?? redirectToLogin();
}

/** For pages: the signed-in user with no duty owed; else /login?next=…, /profile/password or /2fa/setup. */
export async function requirePageUser(options: GateOptions = {}): Promise<SessionUser> {
  const user = await requirePageSession();
  if (customerShutOut(user, options)) forbidden();
  const duty = pendingDuty(user, options);
  return duty ? redirectToDuty(duty) : user;
}

/** For pages: the user if their role is listed, else the 403 page. */
export async function requirePageRole(...roles: Role[]): Promise<SessionUser> {
  const user = await requirePageUser();
  if (!roles.includes(user.role)) forbidden();
  return user;
}
