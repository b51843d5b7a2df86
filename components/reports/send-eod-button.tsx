"use client";

import { useLocale, useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { sendEodNowAction } from "@/app/(app)/reports/eod/actions";
import { formatCount } from "@/lib/format";

/** Admins: mails this day's summary now to every admin and biller with an e-mail (also after the scheduled one). */
export function SendEodButton({ date }: { date: string }) {
  const t = useTranslations("reports.send");
  const locale = useLocale();
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <div className="flex flex-wrap items-center gap-3 print:hidden">
      <button
        type="button"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            setNotice(null);
            const result = await sendEodNowAction(date);
            setNotice(
              result.ok
                ? { ok: true, text: t("sent", { date: result.report_date, count: result.recipients, n: formatCount(result.recipients, locale) }) }
                : { ok: false, text: result.message },
            );
          })
        }
        className="min-h-11 rounded-md border border-slate-300 bg-white px-5 font-semibold hover:bg-slate-50 disabled:opacity-60"
      >
        {pending ? t("sending") : t("send")}
      </button>
      {notice && (
        <p role={notice.ok ? "status" : "alert"} data-testid="eod-send-result" className={`text-sm font-medium ${notice.ok ? "text-green-800" : "text-red-800"}`}>
          {notice.text}
        </p>
      )}
    </div>
  );
}
