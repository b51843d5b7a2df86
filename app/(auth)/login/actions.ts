"use server";

import { redirect } from "next/navigation";
import { definePublicAction } from "@/lib/server/action";
import { signIn } from "@/lib/server/auth/login-flow";
import { extendSession, readSessionStatus, signOut } from "@/lib/server/auth/own-session";
import { publicContextForAction } from "@/lib/server/context";
import { formFields } from "@/lib/form-state";
import { isHoneypotFilled } from "@/lib/server/honeypot";
import type { SessionStatus } from "@/lib/session-timer";

// Public by design: this IS the way in. Limits, honeypot and lockout live in signIn. A refusal
// gives the typed username back so the form keeps it (never the password).
export const login = definePublicAction(
  async (ctx, _prev: unknown, form: unknown) => {
    const fields = formFields(form);
    return redirect((await signIn(ctx, { ...fields, honeypot: isHoneypotFilled(fields) })).redirectTo);
  },
  { form: {}, echo: (_prev, form) => ({ username: formFields(form).username?.slice(0, 64) }) },
);

export async function logout(): Promise<void> {
  await signOut(await publicContextForAction());
  redirect("/login");
}

/** The expiry warning asks how long the caller's own session has left; reading is not activity. */
export async function getSessionStatus(): Promise<SessionStatus | null> {
  return readSessionStatus();
}

/** "Stay signed in": slides the caller's own idle expiry now (never past the absolute end). */
export async function staySignedIn(): Promise<SessionStatus | null> {
  return extendSession(await publicContextForAction());
}
