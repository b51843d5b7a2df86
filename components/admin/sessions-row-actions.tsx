"use client";

import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { endAllSessionsForUserAction, endSessionAction } from "@/app/(admin)/admin/sessions/actions";
import type { AdminNotice } from "@/lib/dto/users";
import type { Outcome } from "@/lib/dto/outcome";

const BUTTON = "rounded border border-slate-300 px-2 py-1 text-xs font-semibold hover:bg-slate-100 disabled:opacity-50";

/** "End session" / "End all for user" for one row of the admin session list. */
export function SessionRowActions({ userId, sessionId, username }: { userId: string; sessionId: string; username: string }) {
  const t = useTranslations("admin.sessions");
  const [result, setResult] = useState<Outcome<AdminNotice> | null>(null);
  const [pending, startTransition] = useTransition();
  const run = (op: () => Promise<Outcome<AdminNotice>>) => startTransition(async () => setResult(await op()));
  return (
    <div className="flex flex-col gap-1">
      <div className="flex flex-wrap gap-1">
        <button type="button" disabled={pending || result?.ok} className={BUTTON} onClick={() => run(() => endSessionAction(userId, sessionId))}>
          {t("endSession")}
        </button>
        <button type="button" disabled={pending} aria-label={t("endAllLabel", { username })} className={BUTTON} onClick={() => run(() => endAllSessionsForUserAction(userId))}>
          {t("endAll")}
        </button>
      </div>
      <p aria-live="polite" role="status" className={`text-xs ${result?.ok ? "text-green-800" : "text-red-700"}`}>
        {result?.message}
      </p>
    </div>
  );
}
