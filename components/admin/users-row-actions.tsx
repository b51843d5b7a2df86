"use client";

import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { endAllSessionsForUserAction } from "@/app/(admin)/admin/sessions/actions";
import { sendResetLinkAction, setTemporaryPasswordAction, unlockUserAction } from "@/app/(admin)/admin/users/actions";
import type { Outcome } from "@/lib/dto/outcome";
import type { AdminNotice } from "@/lib/dto/users";

export interface UserRowTarget {
  id: string;
  username: string;
  locked: boolean;
  hasEmail: boolean;
}

/** One operation: its button, and for a destructive one the question and the button that answers it. */
type Operation = { label: string; confirm?: { question: string; yes: string }; run: (id: string) => Promise<Outcome<AdminNotice>> };

const BUTTON = "rounded border border-slate-300 px-2 py-1 text-xs font-semibold hover:bg-slate-100 disabled:opacity-50";

/** Per-user admin operations; destructive ones ask once more inline, results are read out. */
export function UserRowActions({ user }: { user: UserRowTarget }) {
  const t = useTranslations("users.rowActions");
  const [result, setResult] = useState<Outcome<AdminNotice> | null>(null);
  const [confirming, setConfirming] = useState<Operation | null>(null);
  const [pending, startTransition] = useTransition();
  const { username } = user;
  const operations: Operation[] = [
    ...(user.locked ? [{ label: t("unlock"), run: unlockUserAction }] : []),
    {
      label: t("setTemporary"),
      confirm: { question: t("setTemporaryConfirm", { username }), yes: t("setTemporaryYes") },
      run: setTemporaryPasswordAction,
    },
    ...(user.hasEmail ? [{ label: t("emailReset"), run: sendResetLinkAction }] : []),
    { label: t("endAll"), confirm: { question: t("endAllConfirm", { username }), yes: t("endAllYes") }, run: endAllSessionsForUserAction },
  ];
  const run = (op: Operation) => {
    setConfirming(null);
    startTransition(async () => setResult(await op.run(user.id)));
  };
  return (
    <div className="flex flex-col gap-1">
      {confirming?.confirm ? (
        <div className="flex flex-wrap items-center gap-2 text-xs">
          <span>{confirming.confirm.question}</span>
          <button type="button" className={`${BUTTON} border-red-700 text-red-800`} onClick={() => run(confirming)}>
            {confirming.confirm.yes}
          </button>
          <button type="button" className={BUTTON} onClick={() => setConfirming(null)}>
            {t("cancel")}
          </button>
        </div>
      ) : (
        <div className="flex flex-wrap gap-1">
          {operations.map((op) => (
            <button
              key={op.label}
              type="button"
              disabled={pending}
              aria-label={t("forUser", { action: op.label, username })}
              className={BUTTON}
              onClick={() => (op.confirm ? setConfirming(op) : run(op))}
            >
              {op.label}
            </button>
          ))}
        </div>
      )}
      <div aria-live="polite" role="status" className="text-xs">
        {result && (
          <p className={result.ok ? "text-green-800" : "text-red-700"}>
            {result.message}{" "}
            {result.ok && result.temporaryPassword && (
              <code data-testid="temporary-password" className="rounded bg-slate-100 px-1 font-mono text-sm select-all">
                {result.temporaryPassword}
              </code>
            )}
          </p>
        )}
      </div>
    </div>
  );
}
