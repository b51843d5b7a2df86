"use client";

import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import {
  deactivateCustomerAccountAction,
  reactivateCustomerAccountAction,
  resetCustomerAccountPasswordAction,
} from "@/app/(admin)/admin/customers/actions";
import type { CustomerAccountNotice } from "@/lib/dto/customers";
import type { Outcome } from "@/lib/dto/outcome";

const BUTTON = "min-h-11 rounded-md border border-slate-300 px-4 font-semibold hover:bg-slate-100 disabled:opacity-50";

/** Deactivate (ends its sessions at once) or Reactivate, and Reset password (a new temporary one, shown once). */
export function CustomerAccountActions({ accountId, active }: { accountId: string; active: boolean }) {
  const t = useTranslations("customers.account");
  const [result, setResult] = useState<Outcome<CustomerAccountNotice> | null>(null);
  const [pending, startTransition] = useTransition();
  const run = (op: (id: string) => Promise<Outcome<CustomerAccountNotice>>) => startTransition(async () => setResult(await op(accountId)));
  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap gap-2">
        {active ? (
          <button type="button" disabled={pending} className={`${BUTTON} border-red-700 text-red-800`} onClick={() => run(deactivateCustomerAccountAction)}>
            {t("deactivate")}
          </button>
        ) : (
          <button type="button" disabled={pending} className={BUTTON} onClick={() => run(reactivateCustomerAccountAction)}>
            {t("reactivate")}
          </button>
        )}
        <button type="button" disabled={pending} className={BUTTON} onClick={() => run(resetCustomerAccountPasswordAction)}>
          {t("resetPassword")}
        </button>
      </div>
      <div aria-live="polite" role="status" className="text-sm">
        {result && (
          <p className={result.ok ? "text-green-800" : "text-red-700"}>
            {result.message}{" "}
            {result.ok && result.temporaryPassword && (
              <>
                {t("temporaryPassword")}{" "}
                <code data-testid="reset-customer-password" className="rounded bg-slate-100 px-1 font-mono text-base select-all">
                  {result.temporaryPassword}
                </code>
              </>
            )}
          </p>
        )}
      </div>
    </div>
  );
}
