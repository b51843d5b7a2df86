"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import type { LoadCheckDto } from "@/lib/dto/load-check";
import { LOAD_CHECK_NOTES_MAX } from "@/lib/schemas/load-check";
import type { SaveAnswer } from "./use-load-check";

interface SaveLoadCheckProps {
  /** Distinct parent labels scanned so far. */
  scanned: number;
  /** Scans still being checked (Save waits for them). */
  waiting: number;
  save: (notes: string) => Promise<SaveAnswer>;
  onSaved: (check: LoadCheckDto) => void;
  onStartOver: () => void;
}

/** Notes and "Save report": the server recomputes the check from the scanned labels and stores it on the bill. */
export function SaveLoadCheck({ scanned, waiting, save, onSaved, onStartOver }: SaveLoadCheckProps) {
  const t = useTranslations("loadCheck.save");
  const [notes, setNotes] = useState("");
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const onSubmit = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (saving || scanned === 0) return;
    setSaving(true);
    setError(null);
    const answer = await save(notes);
    if (answer.ok) {
      onSaved(answer.check);
      return;
    }
    setSaving(false);
    setError(answer.message);
  };

  return (
    <form onSubmit={onSubmit} aria-label={t("label")} className="space-y-3 rounded-xl border border-slate-200 bg-white p-4" noValidate>
      <div className="flex flex-col gap-1">
        <label htmlFor="check-notes" className="text-sm font-semibold text-slate-800">
          {t("notes")}
        </label>
        <textarea
          id="check-notes"
          name="notes"
          rows={2}
          maxLength={LOAD_CHECK_NOTES_MAX}
          value={notes}
          onChange={(e) => setNotes(e.target.value)}
          placeholder={t("notesPlaceholder")}
          className="rounded-md border border-slate-300 bg-white px-3 py-2 text-base shadow-sm focus:border-brand-600"
        />
      </div>
      <div role="status" aria-live="assertive" className="min-h-0">
        {error && <p className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm font-medium text-red-800">{error}</p>}
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <button
          type="submit"
          data-testid="check-save"
          disabled={saving || scanned === 0}
          aria-describedby={scanned === 0 ? "check-save-hint" : undefined}
          className="min-h-11 rounded-md bg-brand-700 px-5 font-semibold text-white hover:bg-brand-900 disabled:opacity-60"
        >
          {saving ? (waiting > 1 ? t("savingAfterScans") : t("saving")) : t("save")}
        </button>
        {scanned > 0 && !saving && (
          <button type="button" onClick={onStartOver} className="min-h-11 rounded-md border border-slate-300 bg-white px-4 font-semibold hover:bg-slate-50">
            {t("startOver")}
          </button>
        )}
      </div>
      {scanned === 0 && (
        <p id="check-save-hint" className="text-sm text-slate-600">
          {t("hint")}
        </p>
      )}
    </form>
  );
}
