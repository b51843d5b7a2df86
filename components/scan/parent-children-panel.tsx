"use client";

import { useEffect, useRef, useState } from "react";
import { listParentChildrenAction } from "@/app/(app)/scan/actions";
import { ConfirmDialog } from "@/components/bills/confirm-dialog";
import { useWords, useWordsLocale } from "@/components/station/use-words";
import type { ParentChildren, StationParent } from "@/lib/dto/scan";
import { formatCount, formatTime } from "@/lib/format";

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
  const t = useWords("scan");
  const locale = useWordsLocale();
  // Read when an answer arrives (the effect below does not run again for a new language).
  const unreachable = t("children.unreachable");
  const unreachableRef = useRef(unreachable);
  useEffect(() => {
    unreachableRef.current = unreachable;
  }, [unreachable]);
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
        if (ask === latest.current) setProblem(unreachableRef.current);
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
          {t("children.summary", { count: formatCount(parent.childCount, locale) })}
        </summary>
        <div className="border-t border-slate-200 px-4 py-3">
          {problem && <p className="text-sm text-red-800">{problem}</p>}
          {!shown && !problem && <p className="text-sm text-slate-600">{t("children.loading")}</p>}
          {shown && shown.children.length === 0 && <p className="text-sm text-slate-600">{t("children.empty", { qr: parent.qr })}</p>}
          {shown && shown.children.length > 0 && (
            <>
              {shown.childCount > shown.limit && (
                <p className="mb-2 text-sm text-slate-600">
                  {t("children.newest", { limit: formatCount(shown.limit, locale), count: formatCount(shown.childCount, locale) })}
                </p>
              )}
              <ol className="divide-y divide-slate-100" aria-label={t("children.list", { qr: parent.qr })}>
                {shown.children.map((c) => (
                  <li key={c.qr} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2">
                    <span className="font-mono text-lg font-semibold">{c.qr}</span>
                    <span className="text-sm text-slate-600">
                      {c.linkedBy ?? t("children.deletedUser")} · {formatTime(c.linkedAt, locale)}
                    </span>
                    <button
                      type="button"
                      onClick={() => setConfirming(c.qr)}
                      disabled={!c.removable}
                      title={c.removable ? undefined : t("children.notYours")}
                      aria-label={t("children.removeLabel", { qr: c.qr })}
                      className="ml-auto min-h-11 rounded-md border-2 border-red-700 bg-white px-3 font-semibold text-red-800 hover:bg-red-50 disabled:border-slate-300 disabled:text-slate-400"
                    >
                      {t("children.remove")}
                    </button>
                  </li>
                ))}
              </ol>
              {shown.children.some((c) => !c.removable) && <p className="mt-2 text-sm text-slate-600">{t("children.notYours")}</p>}
            </>
          )}
        </div>
      </details>
      <ConfirmDialog
        open={confirming !== null}
        title={t("children.confirmTitle", { child: confirming ?? "", parent: parent.qr })}
        confirmLabel={t("children.confirm")}
        onCancel={() => setConfirming(null)}
        onConfirm={() => {
          if (confirming) onRemove(confirming);
          setConfirming(null);
        }}
      >
        {t("children.confirmBody", { from: formatCount(parent.childCount, locale), to: formatCount(Math.max(parent.childCount - 1, 0), locale) })}
      </ConfirmDialog>
    </>
  );
}
