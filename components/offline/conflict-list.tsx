"use client";

import { useState } from "react";
import { ConfirmDialog } from "@/components/bills/confirm-dialog";
import { describeQueuedScan } from "@/lib/offline/advice";
import type { ConflictEntry } from "@/lib/offline/queue";
import { BUSINESS_TZ, CLOCK_24H } from "@/lib/time";

const timeFmt = new Intl.DateTimeFormat("en-IN", { timeZone: BUSINESS_TZ, day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", ...CLOCK_24H });

interface ConflictListProps {
  conflicts: ConflictEntry[];
  onClear: (id: number) => void;
  onClearAll: () => void;
}

/**
 * Scans made offline that the server refused when they were sent: each with what it was, when it
 * was scanned, what the server said and what to do. Kept on this device until a person clears
 * them (one by one, or all after a question), so a refusal is never silently lost.
 */
export function ConflictList({ conflicts, onClear, onClearAll }: ConflictListProps) {
  const [asking, setAsking] = useState(false);
  if (conflicts.length === 0) return null;
  return (
    <section aria-labelledby="conflict-heading" data-testid="conflict-list" className="rounded-xl border-2 border-red-700 bg-white">
      <div className="flex flex-wrap items-center justify-between gap-2 border-b border-red-200 bg-red-50 px-4 py-2">
        <h2 id="conflict-heading" className="text-base font-bold text-red-900">
          Refused when sent ({conflicts.length})
        </h2>
        <button
          type="button"
          onClick={() => setAsking(true)}
          data-testid="conflict-clear-all"
          className="min-h-11 rounded-md border-2 border-red-700 bg-white px-3 font-semibold text-red-800 hover:bg-red-50"
        >
          Clear all
        </button>
      </div>
      <p className="px-4 pt-2 text-sm text-slate-700">These scans were made without a network; the server refused them later. They are kept until you clear them.</p>
      <ol className="divide-y divide-slate-100">
        {conflicts.map((c) => (
          <li key={c.id ?? c.key} data-testid="conflict-item" data-code={c.code} data-qr={c.qr} className="space-y-1 px-4 py-3">
            <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
              <span className="font-mono text-lg font-bold break-all">{c.qr}</span>
              <span className="text-sm text-slate-700">{describeQueuedScan(c)}</span>
              <span className="text-sm text-slate-600">
                scanned <time dateTime={new Date(c.scannedAt).toISOString()}>{timeFmt.format(c.scannedAt)}</time>
              </span>
              {c.id !== undefined && (
                <button
                  type="button"
                  onClick={() => c.id !== undefined && onClear(c.id)}
                  data-testid="conflict-clear"
                  aria-label={`Clear ${c.qr} from the refused scans`}
                  className="ml-auto min-h-11 rounded-md border border-slate-400 bg-white px-3 font-semibold hover:bg-slate-50"
                >
                  Clear
                </button>
              )}
            </div>
            <p className="text-red-900">{c.message}</p>
            <p className="text-slate-900">
              <span className="font-semibold">What to do: </span>
              <span data-testid="conflict-advice">{c.advice}</span>
            </p>
          </li>
        ))}
      </ol>
      {/* Mounted only while asked: ConfirmDialog names itself by a fixed id, which must not
          shadow the station's own dialogs (remove, finish) while they are closed. */}
      {asking && (
        <ConfirmDialog
          open
          title={`Clear all ${conflicts.length} refused scans?`}
          confirmLabel="Clear all"
          onCancel={() => setAsking(false)}
          onConfirm={() => {
            setAsking(false);
            onClearAll();
          }}
        >
          <p>They leave this list for good. Clear them once each bag has been dealt with.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
