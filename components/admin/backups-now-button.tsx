"use client";

import { useState, useTransition } from "react";
import { backupNowAction } from "@/app/(admin)/admin/backups/actions";
import type { Outcome } from "@/lib/dto/outcome";
import type { AdminNotice } from "@/lib/dto/users";

/** The button's words, translated by the page (next-intl's "labels as props" for a small island). */
export interface BackupNowLabels {
  idle: string;
  pending: string;
  running: string;
}

/** "Back up now": one manual backup; disabled while it runs (the server refuses a second one with 409 backup_running). */
export function BackupNowButton({ running, labels }: { running: boolean; labels: BackupNowLabels }) {
  const [result, setResult] = useState<Outcome<AdminNotice> | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <div className="flex flex-col items-end gap-1">
      <button
        type="button"
        disabled={pending || running}
        className="rounded-md bg-brand-700 px-4 py-2 font-semibold text-white disabled:opacity-50"
        onClick={() => startTransition(async () => setResult(await backupNowAction()))}
      >
        {pending ? labels.pending : running ? labels.running : labels.idle}
      </button>
      <p aria-live="polite" role="status" data-testid="backup-now-result" className={`max-w-md text-right text-sm ${result?.ok ? "text-green-800" : "text-red-700"}`}>
        {result?.message}
      </p>
    </div>
  );
}
