"use client";

import { useEffect, useRef, useState } from "react";
import { listParentChildrenAction } from "@/app/(app)/scan/actions";
import { ConfirmDialog } from "@/components/bills/confirm-dialog";
import type { ParentChildren, StationParent } from "@/lib/dto/scan";
import { BUSINESS_TZ, CLOCK_24H } from "@/lib/time";

const timeFmt = new Intl.DateTimeFormat("en-IN", { timeZone: BUSINESS_TZ, hour: "2-digit", minute: "2-digit", ...CLOCK_24H });
const NOT_YOURS = "Only children you packed in the last hour can be removed here (admins: any). Ask an admin.";

interface ParentChildrenPanelProps {
  parent: StationParent;
  /** Changes whenever the station records an outcome: the list is read again (while open). */
  seq: number;
  onRemove: (childQr: string) => void;
}

/**
 * "Children on this parent", newest first, with who packed each: a Remove button per row (enabled
 * only when this user may remove it) asks first, then queues the removal with the scans. Read
 * only while open, and again after every outcome at the station.
 */
export function ParentChildrenPanel({ parent, seq, onRemove }: ParentChildrenPanelProps) {
  const [open, setOpen] = useState(false);
  const [list, setList] = useState<ParentChildren | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const latest = useRef(0);

  useEffect(() => {
    if (!open) return;
    const ask = ++latest.current;
    listParentChildrenAction(parent.qr)
      .then((answer) => {
        if (ask !== latest.current) return;
        setList(answer.ok ? answer : null);
        setProblem(answer.ok ? null : answer.message);
      })
      .catch(() => {
        if (ask === latest.current) setProblem("Could not reach the server to list the children.");
      });
  }, [open, parent.qr, seq]);

  const shown = list?.parentQr === parent.qr ? list : null;
  return (
    <>
      <details
        data-testid="parent-children"
        open={open}
        onToggle={(e) => setOpen(e.currentTarget.open)}
        className="rounded-xl border border-slate-200 bg-white"
      >
        <summary className="flex min-h-12 cursor-pointer items-center px-4 text-base font-semibold">
          Children on this parent ({parent.childCount})
        </summary>
        <div className="border-t border-slate-200 px-4 py-3">
          {problem && <p className="text-sm text-red-800">{problem}</p>}
          {!shown && !problem && <p className="text-sm text-slate-600">Loading…</p>}
          {shown && shown.children.length === 0 && <p className="text-sm text-slate-600">No children on {parent.qr} yet.</p>}
          {shown && shown.children.length > 0 && (
            <>
              {shown.childCount > shown.limit && <p className="mb-2 text-sm text-slate-600">The newest {shown.limit} of {shown.childCount}.</p>}
              <ol className="divide-y divide-slate-100" aria-label={`Children on ${parent.qr}, newest first`}>
                {shown.children.map((c) => (
                  <li key={c.qr} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2">
                    <span className="font-mono text-lg font-semibold">{c.qr}</span>
                    <span className="text-sm text-slate-600">
                      {c.linkedBy ?? "a deleted user"} · {timeFmt.format(new Date(c.linkedAt))}
                    </span>
                    <button
                      type="button"
                      onClick={() => setConfirming(c.qr)}
                      disabled={!c.removable}
                      title={c.removable ? undefined : NOT_YOURS}
                      aria-label={`Remove ${c.qr}`}
                      className="ml-auto min-h-11 rounded-md border-2 border-red-700 bg-white px-3 font-semibold text-red-800 hover:bg-red-50 disabled:border-slate-300 disabled:text-slate-400"
                    >
                      Remove
                    </button>
                  </li>
                ))}
              </ol>
              {shown.children.some((c) => !c.removable) && <p className="mt-2 text-sm text-slate-600">{NOT_YOURS}</p>}
            </>
          )}
        </div>
      </details>
      <ConfirmDialog
        open={confirming !== null}
        title={`Remove ${confirming ?? ""} from ${parent.qr}?`}
        confirmLabel="Remove child"
        onCancel={() => setConfirming(null)}
        onConfirm={() => {
          if (confirming) onRemove(confirming);
          setConfirming(null);
        }}
      >
        The child bag leaves this parent ({parent.childCount} → {Math.max(parent.childCount - 1, 0)}) and can be packed again. Its scan
        history is kept.
      </ConfirmDialog>
    </>
  );
}
