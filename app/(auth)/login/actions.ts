"use server";

import { redirect } from "next/navigation";
import type { FormState } from "@/lib/form-state";
import { LoginInput, safeNextPath } from "@/lib/schemas/auth";
import type { SessionStatus } from "@/lib/session-timer";
import { writeAudit } from "@/lib/server/audit";
import { DUTY_PAGES, type Duty } from "@/lib/server/auth/guards";
import { APP_LIMITER, attemptLogin } from "@/lib/server/auth/login-flow";
import { fieldsOf, tooManyAttempts } from "@/lib/server/auth/messages";
import { setPending2fa } from "@/lib/server/auth/pending-2fa";
import { endCurrentSession, getCurrentUser, peekCurrentSession, sessionPolicy, sessionStatusOf, startSession } from "@/lib/server/auth/session";
import { getDb } from "@/lib/server/db";
import { isHoneypotFilled } from "@/lib/server/honeypot";
import { getRequestContext } from "@/lib/server/request-context";
import { formatIstTime } from "@/lib/time";

/** The typed username comes back so the form keeps it after a refusal (never the password). */
export type LoginState = FormState & { username?: string };

// Public by design: this IS the way in. Limits, honeypot and lockout live in attemptLogin.
export async function login(_prev: LoginState, formData: FormData): Promise<LoginState> {
  const parsed = LoginInput.safeParse({
    username: formData.get("username") ?? "",
    password: formData.get("password") ?? "",
    next: formData.get("next") ?? undefined,
  });
  if (!parsed.success) {
    const typed = formData.get("username");
    return { ok: false, message: "Please fill in both fields.", fields: fieldsOf(parsed.error.issues), username: typeof typed === "string" ? typed.slice(0, 64) : undefined };
  }
  const ctx = await getRequestContext();
  const { username, password, next } = parsed.data;
  const outcome = await attemptLogin(getDb(), APP_LIMITER, { username, password, honeypot: isHoneypotFilled(formData) }, ctx);
  switch (outcome.kind) {
    case "rate_limited":
      return { ok: false, message: tooManyAttempts(outcome.retryAfterS, "sign-in attempts"), username };
    case "invalid":
      return { ok: false, message: "Wrong username or password.", username };
    case "locked":
      return { ok: false, message: `Too many failed attempts. This account is locked until ${formatIstTime(outcome.lockedUntil)} IST.`, username };
    case "second_factor":
      await setPending2fa(outcome.userId, outcome.passwordHash);
      return redirect(`/2fa?next=${encodeURIComponent(safeNextPath(next))}`);
    case "signed_in":
      await startSession(outcome, ctx, "password");
      return redirect(afterSignIn(outcome.duty, safeNextPath(next)));
  }
}

/** A duty the user still owes comes before where they were going (which it then continues to). */
function afterSignIn(duty: Duty | null, next: string): string {
  if (!duty) return next;
  return `${DUTY_PAGES[duty]}?next=${encodeURIComponent(next)}`;
}

export async function logout(): Promise<void> {
  const user = await getCurrentUser();
  const ctx = await getRequestContext();
  await endCurrentSession();
  if (user) {
    await writeAudit(getDb(), { action: "logout", userId: user.id, actor: user.username, entityType: "user", entityId: user.id, ip: ctx.ip, requestId: ctx.requestId });
  }
  redirect("/login");
}

async function readStatus(touch: "never" | "always") {
  const user = await peekCurrentSession(touch);
  if (!user) return null;
  const status: SessionStatus = sessionStatusOf(user, sessionPolicy());
  return { user, status };
}

/** The expiry warning asks how long the caller's own session has left; reading is not activity. */
export async function getSessionStatus(): Promise<SessionStatus | null> {
  return (await readStatus("never"))?.status ?? null;
}

/** "Stay signed in": slides the caller's own idle expiry now (never past the absolute end). */
export async function staySignedIn(): Promise<SessionStatus | null> {
  const current = await readStatus("always");
  if (!current) return null;
  const { user } = current;
  const ctx = await getRequestContext();
  await writeAudit(getDb(), { action: "session_extended", userId: user.id, actor: user.username, entityType: "user", entityId: user.id, ip: ctx.ip, requestId: ctx.requestId });
  return current.status;
}
