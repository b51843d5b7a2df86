"use client";

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

type Operation = { label: string; confirm?: string; run: (id: string) => Promise<Outcome<AdminNotice>> };

const BUTTON = "rounded border border-slate-300 px-2 py-1 text-xs font-semibold hover:bg-slate-100 disabled:opacity-50";

/** Per-user admin operations; destructive ones ask once more inline, results are read out. */
export function UserRowActions({ user }: { user: UserRowTarget }) {
  const [result, setResult] = useState<Outcome<AdminNotice> | null>(null);
  const [confirming, setConfirming] = useState<Operation | null>(null);
  const [pending, startTransition] = useTransition();
  const operations: Operation[] = [
    ...(user.locked ? [{ label: "Unlock", run: unlockUserAction }] : []),
    { label: "Set temporary password", confirm: `Replace ${user.username}'s password and end their sessions?`, run: setTemporaryPasswordAction },
    ...(user.hasEmail ? [{ label: "Email reset link", run: sendResetLinkAction }] : []),
    { label: "End all sessions", confirm: `Sign ${user.username} out everywhere?`, run: endAllSessionsForUserAction },
  ];
  const run = (op: Operation) => {
    setConfirming(null);
    startTransition(async () => setResult(await op.run(user.id)));
  };
  return (
    <div className="flex flex-col gap-1">
      {confirming ? (
        <div className="flex flex-wrap items-center gap-2 text-xs">
          <span>{confirming.confirm}</span>
          <button type="button" className={`${BUTTON} border-red-700 text-red-800`} onClick={() => run(confirming)}>
            Yes, {confirming.label.toLowerCase()}
          </button>
          <button type="button" className={BUTTON} onClick={() => setConfirming(null)}>
            Cancel
          </button>
        </div>
      ) : (
        <div className="flex flex-wrap gap-1">
          {operations.map((op) => (
            <button
              key={op.label}
              type="button"
              disabled={pending}
              aria-label={`${op.label} for ${user.username}`}
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
