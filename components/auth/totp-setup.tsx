"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useActionState, useState, useTransition } from "react";
import { beginTotpSetup, confirmTotpSetup } from "@/app/(auth)/2fa/setup/actions";
import { Field } from "@/components/ui/field";
import type { Enrolment } from "@/lib/dto/account";
import type { Outcome } from "@/lib/dto/outcome";
import { errorsOf, FormMessage, NO_ANSWER } from "./form-message";
import { SubmitButton } from "./submit-button";

/** "ABCD EFGH …": easier to type from the screen. */
function groupKey(secret: string): string {
  return secret.match(/.{1,4}/g)?.join(" ") ?? secret;
}

/** Start → scan the QR (or type the key) → confirm a code → the backup codes, shown once. */
export function TotpSetup({ next }: { next: string }) {
  const t = useTranslations("auth.setup");
  const [started, setStarted] = useState<Outcome<Enrolment> | null>(null);
  const [starting, startTransition] = useTransition();
  const [state, confirm, confirming] = useActionState(confirmTotpSetup, NO_ANSWER);

  if (state.ok && state.backupCodes) {
    return (
      <section aria-labelledby="backup-title" className="space-y-4">
        <p role="status" className="rounded-md border border-green-300 bg-green-50 px-3 py-2 text-sm font-medium text-green-900">
          {state.message}
        </p>
        <h2 id="backup-title" className="text-lg font-semibold">
          {t("backupTitle")}
        </h2>
        <p className="text-sm text-slate-700">{t("backupText")}</p>
        <ol data-testid="backup-codes" className="grid grid-cols-2 gap-2 font-mono text-base">
          {state.backupCodes.map((code) => (
            <li key={code} className="rounded border border-slate-200 bg-slate-50 px-2 py-1 text-center">
              {code}
            </li>
          ))}
        </ol>
        <Link href={next} className="block rounded-md bg-brand-700 px-4 py-3 text-center font-semibold text-white hover:bg-brand-900">
          {t("continue")}
        </Link>
      </section>
    );
  }

  if (!started?.ok) {
    return (
      <div className="space-y-4">
        <p className="text-sm text-slate-700">{t("needApp")}</p>
        <div aria-live="assertive" role="status" className="min-h-6">
          {started && !started.ok && <p className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800">{started.message}</p>}
        </div>
        <button
          type="button"
          disabled={starting}
          onClick={() => startTransition(async () => setStarted(await beginTotpSetup()))}
          className="w-full rounded-md bg-brand-700 px-4 py-3 font-semibold text-white hover:bg-brand-900 disabled:opacity-60"
        >
          {starting ? t("preparing") : t("start")}
        </button>
      </div>
    );
  }

  return (
    <div className="space-y-4">
      <ol className="list-decimal space-y-2 pl-5 text-sm text-slate-700">
        <li>{t("stepScan")}</li>
        <li>{t("stepManual")}</li>
        <li>{t("stepEnter")}</li>
      </ol>
      {/* A data: URL made on the server; next/image adds nothing for a one-off PNG. */}
      {/* eslint-disable-next-line @next/next/no-img-element */}
      <img src={started.qrDataUrl} alt={t("qrAlt")} width={200} height={200} className="mx-auto rounded border border-slate-200" />
      <div>
        <p id="manual-key-label" className="text-sm font-semibold text-slate-800">
          {t("manualKey")}
        </p>
        <code aria-labelledby="manual-key-label" data-testid="totp-secret" className="mt-1 block rounded bg-slate-100 px-3 py-2 text-center font-mono text-base break-all select-all">
          {groupKey(started.secret)}
        </code>
      </div>
      <form action={confirm} className="flex flex-col gap-4" noValidate>
        <Field
          label={t("code")}
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={7}
          required
          autoFocus
          errors={errorsOf(state).code}
        />
        <FormMessage state={state} showSuccess={false} />
        <SubmitButton pending={confirming} label={t("turnOn")} pendingLabel={t("checking")} />
      </form>
    </div>
  );
}
