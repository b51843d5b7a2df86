"use server";

import { revalidatePath } from "next/cache";
import { toFormFailure } from "@/lib/server/action-failure";
import { endAllSessionsFor, endSession } from "@/lib/server/auth/admin-sessions";
import { requirePermission } from "@/lib/server/auth/guards";
import { getDb } from "@/lib/server/db";
import { getRequestContext } from "@/lib/server/request-context";

export interface SessionActionResult {
  ok: boolean;
  message: string;
}

const isId = (value: unknown): value is string => typeof value === "string" && value.length > 0 && value.length <= 64;
const BAD_ARGUMENT: SessionActionResult = { ok: false, message: "That session could not be found. Reload the page." };

export async function endSessionAction(userId: unknown, sessionId: unknown): Promise<SessionActionResult> {
  if (!isId(userId) || !isId(sessionId)) return BAD_ARGUMENT;
  try {
    const user = await requirePermission("sessions:manage");
    const ended = await endSession(getDb(), user, userId, sessionId, await getRequestContext());
    revalidatePath("/admin/sessions");
    return ended ? { ok: true, message: "Session ended." } : { ok: false, message: "That session had already ended." };
  } catch (err) {
    return { ok: false, message: toFormFailure(err).message ?? "That did not work." };
  }
}

export async function endAllSessionsForUserAction(userId: unknown): Promise<SessionActionResult> {
  if (!isId(userId)) return BAD_ARGUMENT;
  try {
    const user = await requirePermission("sessions:manage");
    const count = await endAllSessionsFor(getDb(), user, userId, await getRequestContext());
    revalidatePath("/admin/sessions");
    revalidatePath("/admin/users");
    return { ok: true, message: `${count} session${count === 1 ? "" : "s"} ended.` };
  } catch (err) {
    return { ok: false, message: toFormFailure(err).message ?? "That did not work." };
  }
}
