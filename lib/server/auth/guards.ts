import "server-only";
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import type { Role } from "@/lib/domain";
import { can, type Action } from "@/lib/permissions";
import { ForbiddenError, UnauthorizedError } from "../errors";
import { PATH_HEADER } from "../request-context";
import { getCurrentUser, type SessionUser } from "./session";

/** For actions and route handlers: the signed-in user, or UnauthorizedError (401). */
export async function requireUser(): Promise<SessionUser> {
  const user = await getCurrentUser();
  if (!user) throw new UnauthorizedError();
  return user;
}

/** For actions and route handlers: the user if their role is listed, else ForbiddenError (403). */
export async function requireRole(...roles: Role[]): Promise<SessionUser> {
  const user = await requireUser();
  if (!roles.includes(user.role)) throw new ForbiddenError();
  return user;
}

/** For actions and route handlers: the user if the permission matrix allows `action`. */
export async function requirePermission(action: Action): Promise<SessionUser> {
  const user = await requireUser();
  if (!can(user.role, action)) throw new ForbiddenError();
  return user;
}

async function redirectToLogin(): Promise<never> {
  const path = (await headers()).get(PATH_HEADER);
  redirect(path ? `/login?next=${encodeURIComponent(path)}` : "/login");
}

/** For pages: the signed-in user, or a redirect to /login?next=… */
export async function requirePageUser(): Promise<SessionUser> {
  const user = await getCurrentUser();
  return user ?? redirectToLogin();
}

/** For pages: the user if their role is listed, else the 403 page. */
export async function requirePageRole(...roles: Role[]): Promise<SessionUser> {
  const user = await requirePageUser();
  if (!roles.includes(user.role)) forbidden();
  return user;
}
