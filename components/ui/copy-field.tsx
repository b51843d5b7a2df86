"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";

const TONES = {
  plain: { input: "border-slate-300 bg-slate-50", button: "border border-slate-300 bg-white hover:bg-slate-50", status: "text-slate-700" },
  green: { input: "border-green-400 bg-white", button: "bg-green-800 text-white hover:bg-green-900", status: "text-green-950" },
} as const;

/**
 * A value to hand on (a token, a link): selected on focus, a Copy button, and a polite line saying
 * whether the copy worked. Without a clipboard (plain http, or refused) the text is selectable by hand.
 */
export function CopyField({
  id,
  label,
  value,
  what,
  testId,
  tone = "plain",
}: {
  id: string;
  /** The field's name for screen readers ("New API token"). */
  label: string;
  value: string;
  /** The word in "Copy <what>" and "select the <what> and copy it by hand", already in the reader's language. */
  what: string;
  testId: string;
  tone?: keyof typeof TONES;
}) {
  const t = useTranslations("shell.ui");
  const [copied, setCopied] = useState<"yes" | "no" | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied("yes");
    } catch {
      setCopied("no");
    }
  };
  const style = TONES[tone];
  return (
    <>
      <div className="flex flex-wrap items-center gap-2">
        <label htmlFor={id} className="sr-only">
          {label}
        </label>
        <input
          id={id}
          readOnly
          value={value}
          data-testid={testId}
          onFocus={(e) => e.currentTarget.select()}
          className={`min-h-11 w-full min-w-0 flex-1 rounded-md border px-3 font-mono text-sm sm:w-auto ${style.input}`}
        />
        <button type="button" onClick={copy} className={`min-h-11 rounded-md px-4 font-semibold ${style.button}`}>
          {t("copy", { what })}
        </button>
      </div>
      <p aria-live="polite" role="status" className={`text-sm ${style.status}`}>
        {copied === "yes" ? t("copied") : copied === "no" ? t("copyFailed", { what }) : ""}
      </p>
    </>
  );
}
