"use client";

import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { endCustomerSessionAction } from "@/app/(admin)/admin/customers/actions";
import type { CustomerAccountNotice } from "@/lib/dto/customers";
import type { Outcome } from "@/lib/dto/outcome";

/** "End" for one session of a customer account. */
export function CustomerSessionEnd({ accountId, sessionId }: { accountId: string; sessionId: string }) {
  const t = useTranslations("customers.account");
  const [result, setResult] = useState<Outcome<CustomerAccountNotice> | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <div className="flex flex-col gap-1">
      <button
        type="button"
        disabled={pending || result?.ok}
        className="min-h-11 rounded-md border border-slate-300 px-3 text-sm font-semibold hover:bg-slate-100 disabled:opacity-50 sm:min-h-0 sm:py-1"
        onClick={() => startTransition(async () => setResult(await endCustomerSessionAction(accountId, sessionId)))}
      >
        {t("endSession")}
      </button>
      <p aria-live="polite" role="status" className={`text-xs ${result?.ok ? "text-green-800" : "text-red-700"}`}>
        {result?.message}
      </p>
    </div>
  );
}
