"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { issuePassAction } from "@/app/(app)/passes/new/actions";
import { Field } from "@/components/ui/field";
import { TextAreaField } from "@/components/ui/textarea-field";
import { passCodeIn, type IssuePassField, type IssuePassFormState } from "@/lib/pass-form";
import { PASS_DEFAULT_HOURS, PASS_MAX_HOURS } from "@/lib/passes";
import { billHref, passHref } from "@/lib/routes";
import { PASS_NAME_MAX, PASS_NOTES_MAX } from "@/lib/schemas/passes";

const INITIAL: IssuePassFormState = { ok: false };

export interface IssuePassDefaults {
  billNumber: string;
  vehicleNumber: string;
  /** datetime-local values in IST. */
  validFrom: string;
  validUntil: string;
}

/** The refusals that are about the bill rather than a field: said in a banner with where to go. */
function Refusal({ state, billNumber }: { state: IssuePassFormState; billNumber: string }) {
  const t = useTranslations("passes.form");
  if (state.code === "pass_exists") {
    const code = passCodeIn(state.message);
    return (
      <div role="alert" className="rounded-md border-2 border-red-600 bg-red-50 p-3 text-red-900">
        <p className="font-semibold">{state.message}</p>
        <p className="mt-1">
          {code ? (
            <Link href={passHref(code)} className="font-semibold text-brand-700 underline">
              {t("openPass", { code })}
            </Link>
          ) : (
            <Link href={`/passes?q=${encodeURIComponent(billNumber)}`} className="font-semibold text-brand-700 underline">
              {t("findPasses")}
            </Link>
          )}
        </p>
      </div>
    );
  }
  if (state.code === "bill_not_completed") {
    return (
      <div role="alert" className="rounded-md border-2 border-red-600 bg-red-50 p-3 text-red-900">
        <p className="font-semibold">{state.message}</p>
        {billNumber && (
          <p className="mt-1">
            <Link href={billHref(billNumber)} className="font-semibold text-brand-700 underline">
              {t("openBill", { billNumber })}
            </Link>
          </p>
        )}
      </div>
    );
  }
  return (
    <div aria-live="polite" role="status" className="min-h-6">
      {state.message && <p className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm font-medium text-red-800">{state.message}</p>}
    </div>
  );
}

/** Issues a gate pass; the server checks every field and answers under each one. */
export function IssuePassForm({ defaults }: { defaults: IssuePassDefaults }) {
  const t = useTranslations("passes.form");
  const tc = useTranslations("common");
  const [state, action, pending] = useActionState<IssuePassFormState, FormData>(issuePassAction, INITIAL);
  const phoneHint = t("phoneHint");
  const value = (f: IssuePassField, fallback = "") => state.values?.[f] ?? fallback;
  const errors = (f: IssuePassField) => state.fields?.[f];
  const billNumber = value("billNumber", defaults.billNumber);
  return (
    <form action={action} noValidate className="grid gap-4" aria-label={t("ariaLabel")}>
      <Field
        label={t("billNumber")}
        name="billNumber"
        autoFocus={!defaults.billNumber}
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
        defaultValue={billNumber}
        hint={t("billNumberHint")}
        errors={errors("billNumber")}
      />
      <fieldset className="grid gap-4 sm:grid-cols-2">
        <legend className="mb-2 font-semibold">{t("driver")}</legend>
        <Field
          label={t("driverName")}
          name="driverName"
          autoFocus={Boolean(defaults.billNumber)}
          autoComplete="off"
          maxLength={PASS_NAME_MAX}
          defaultValue={value("driverName")}
          errors={errors("driverName")}
        />
        <Field
          label={t("driverPhone")}
          name="driverPhone"
          type="tel"
          inputMode="tel"
          autoComplete="off"
          defaultValue={value("driverPhone")}
          hint={phoneHint}
          errors={errors("driverPhone")}
        />
        <Field
          label={t("coDriverName")}
          name="coDriverName"
          autoComplete="off"
          maxLength={PASS_NAME_MAX}
          defaultValue={value("coDriverName")}
          errors={errors("coDriverName")}
        />
        <Field
          label={t("coDriverPhone")}
          name="coDriverPhone"
          type="tel"
          inputMode="tel"
          autoComplete="off"
          defaultValue={value("coDriverPhone")}
          hint={phoneHint}
          errors={errors("coDriverPhone")}
        />
      </fieldset>
      <Field
        label={t("vehicleNumber")}
        name="vehicleNumber"
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
        defaultValue={value("vehicleNumber", defaults.vehicleNumber)}
        hint={t("vehicleHint")}
        errors={errors("vehicleNumber")}
      />
      <fieldset className="grid gap-4 sm:grid-cols-2">
        <legend className="mb-2 font-semibold">{t("validity")}</legend>
        <Field label={t("validFrom")} name="validFrom" type="datetime-local" defaultValue={value("validFrom", defaults.validFrom)} errors={errors("validFrom")} />
        <Field
          label={t("validUntil")}
          name="validUntil"
          type="datetime-local"
          defaultValue={value("validUntil", defaults.validUntil)}
          hint={t("validUntilHint", { hours: PASS_DEFAULT_HOURS, max: PASS_MAX_HOURS })}
          errors={errors("validUntil")}
        />
      </fieldset>
      <TextAreaField label={t("notes")} name="notes" maxLength={PASS_NOTES_MAX} defaultValue={value("notes")} errors={errors("notes")} />
      <Refusal state={state} billNumber={billNumber} />
      <div className="flex flex-wrap gap-3">
        <button type="submit" disabled={pending} className="min-h-11 rounded-md bg-brand-700 px-5 font-semibold text-white hover:bg-brand-900 disabled:opacity-60">
          {pending ? t("issuing") : t("issue")}
        </button>
        <Link href={billNumber ? billHref(billNumber) : "/passes"} className="inline-flex min-h-11 items-center rounded-md border border-slate-300 bg-white px-5 font-semibold hover:bg-slate-50">
          {tc("actions.cancel")}
        </Link>
      </div>
    </form>
  );
}
