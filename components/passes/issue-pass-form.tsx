"use client";

import Link from "next/link";
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

const PHONE_HINT = "10 digits; +91 may be added.";

/** The refusals that are about the bill rather than a field: said in a banner with where to go. */
function Refusal({ state, billNumber }: { state: IssuePassFormState; billNumber: string }) {
  if (state.code === "pass_exists") {
    const code = passCodeIn(state.message);
    return (
      <div role="alert" className="rounded-md border-2 border-red-600 bg-red-50 p-3 text-red-900">
        <p className="font-semibold">{state.message}</p>
        <p className="mt-1">
          {code ? (
            <Link href={passHref(code)} className="font-semibold text-brand-700 underline">
              Open pass {code}
            </Link>
          ) : (
            <Link href={`/passes?q=${encodeURIComponent(billNumber)}`} className="font-semibold text-brand-700 underline">
              Find this bill&apos;s passes
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
              Open bill {billNumber}
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
  const [state, action, pending] = useActionState<IssuePassFormState, FormData>(issuePassAction, INITIAL);
  const value = (f: IssuePassField, fallback = "") => state.values?.[f] ?? fallback;
  const errors = (f: IssuePassField) => state.fields?.[f];
  const billNumber = value("billNumber", defaults.billNumber);
  return (
    <form action={action} noValidate className="grid gap-4" aria-label="Issue gate pass">
      <Field
        label="Bill number"
        name="billNumber"
        autoFocus={!defaults.billNumber}
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
        defaultValue={billNumber}
        hint="A completed bill."
        errors={errors("billNumber")}
      />
      <fieldset className="grid gap-4 sm:grid-cols-2">
        <legend className="mb-2 font-semibold">Driver</legend>
        <Field
          label="Driver name"
          name="driverName"
          autoFocus={Boolean(defaults.billNumber)}
          autoComplete="off"
          maxLength={PASS_NAME_MAX}
          defaultValue={value("driverName")}
          errors={errors("driverName")}
        />
        <Field
          label="Driver phone"
          name="driverPhone"
          type="tel"
          inputMode="tel"
          autoComplete="off"
          defaultValue={value("driverPhone")}
          hint={PHONE_HINT}
          errors={errors("driverPhone")}
        />
        <Field
          label="Co-driver name (optional)"
          name="coDriverName"
          autoComplete="off"
          maxLength={PASS_NAME_MAX}
          defaultValue={value("coDriverName")}
          errors={errors("coDriverName")}
        />
        <Field
          label="Co-driver phone (optional)"
          name="coDriverPhone"
          type="tel"
          inputMode="tel"
          autoComplete="off"
          defaultValue={value("coDriverPhone")}
          hint={PHONE_HINT}
          errors={errors("coDriverPhone")}
        />
      </fieldset>
      <Field
        label="Vehicle number"
        name="vehicleNumber"
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
        defaultValue={value("vehicleNumber", defaults.vehicleNumber)}
        hint="Indian registration, e.g. RJ14GB1234; spaces and dashes are dropped."
        errors={errors("vehicleNumber")}
      />
      <fieldset className="grid gap-4 sm:grid-cols-2">
        <legend className="mb-2 font-semibold">Validity (IST)</legend>
        <Field label="Valid from (IST)" name="validFrom" type="datetime-local" defaultValue={value("validFrom", defaults.validFrom)} errors={errors("validFrom")} />
        <Field
          label="Valid until (IST)"
          name="validUntil"
          type="datetime-local"
          defaultValue={value("validUntil", defaults.validUntil)}
          hint={`Usually ${PASS_DEFAULT_HOURS} hours; at most ${PASS_MAX_HOURS} h after valid from.`}
          errors={errors("validUntil")}
        />
      </fieldset>
      <TextAreaField label="Notes (optional)" name="notes" maxLength={PASS_NOTES_MAX} defaultValue={value("notes")} errors={errors("notes")} />
      <Refusal state={state} billNumber={billNumber} />
      <div className="flex flex-wrap gap-3">
        <button type="submit" disabled={pending} className="min-h-11 rounded-md bg-brand-700 px-5 font-semibold text-white hover:bg-brand-900 disabled:opacity-60">
          {pending ? "Issuing…" : "Issue pass"}
        </button>
        <Link href={billNumber ? billHref(billNumber) : "/passes"} className="inline-flex min-h-11 items-center rounded-md border border-slate-300 bg-white px-5 font-semibold hover:bg-slate-50">
          Cancel
        </Link>
      </div>
    </form>
  );
}
