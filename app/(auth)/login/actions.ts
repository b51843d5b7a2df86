"use server";

import { redirect } from "next/navigation";
import type { FormState } from "@/lib/form-state";
import { LoginInput, safeNextPath } from "@/lib/schemas/auth";
import { checkPassword } from "@/lib/server/auth/login";
import { createSessionRow, endCurrentSession, getCurrentUser, sessionPolicy, setSessionCookie } from "@/lib/server/auth/session";
import { writeAudit } from "@/lib/server/audit";
import { getDb } from "@/lib/server/db";
import { getRequestContext } from "@/lib/server/request-context";
import { formatIstTime } from "@/lib/time";

export async function login(_prev: FormState, formData: FormData): Promise<FormState> {
  const parsed = LoginInput.safeParse({
    username: formData.get("username") ?? "",
    password: formData.get("password") ?? "",
    next: formData.get("next") ?? undefined,
  });
  if (!parsed.success) {
    const fields: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) (fields[String(issue.path[0])] ??= []).push(issue.message);
    return { ok: false, message: "Please fill in both fields.", fields };
  }
  const ctx = await getRequestContext();
  const result = await checkPassword(getDb(), parsed.data.username, parsed.data.password, ctx);
  if (!result.ok) {
    return result.reason === "locked"
      ? { ok: false, message: `Too many failed attempts. This account is locked until ${formatIstTime(result.lockedUntil)} IST.` }
      : { ok: false, message: "Wrong username or password." };
  }
  const token = await createSessionRow(result.userId, ctx, sessionPolicy());
  await setSessionCookie(token);
  redirect(safeNextPath(parsed.data.next));
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
