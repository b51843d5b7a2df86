"use client";

import { useLocale, useTranslations } from "next-intl";
import { useActionState } from "react";
import { reserveLabelsAction } from "@/app/(app)/labels/actions";
import { errorsOf, NO_ANSWER } from "@/components/auth/form-message";
import { Field } from "@/components/ui/field";
import { FormFooter } from "@/components/ui/form-footer";
import type { LabelReservationDto, NextFreeLabel, ReserveLabelsEcho } from "@/lib/dto/labels";
import { formatCount } from "@/lib/format";
import { formatLabelRange, LABEL_COUNT_MAX, LABEL_KINDS, LABEL_NOTE_MAX, type LabelKind } from "@/lib/labels";
import { PdfLinks } from "./pdf-links";
import { ReservationTable } from "./reservation-table";

const INITIAL = { ...NO_ANSWER, values: {} } satisfies typeof NO_ANSWER & ReserveLabelsEcho;

/** The reserve form, the range just reserved with its downloads, and the recent reservations. */
export function LabelsWorkspace({ reservations, next }: { reservations: readonly LabelReservationDto[]; next: readonly NextFreeLabel[] }) {
  const t = useTranslations("labels");
  const locale = useLocale();
  const [state, action, pending] = useActionState(reserveLabelsAction, INITIAL);
  const errors = errorsOf(state);
  const typed: ReserveLabelsEcho["values"] = !state.ok && "values" in state ? state.values : {};
  // The form resets after every answer: a refusal remounts the fields with what was typed.
  const echoKey = state.ok ? `ok-${state.reservation.id}` : JSON.stringify(typed);
  const kind = (LABEL_KINDS as readonly string[]).includes(typed.kind ?? "") ? (typed.kind as LabelKind) : "SB";
  // The action answers in English (as the API would); the page says it in the reader's language.
  const shown = state.ok
    ? {
        ...state,
        message: t("workspace.reservedMessage", {
          count: state.reservation.count,
          n: formatCount(state.reservation.count, locale),
          range: formatLabelRange(state.reservation.first, state.reservation.last),
        }),
      }
    : state;
  return (
    <>
      <section aria-labelledby="reserve-labels" className="space-y-2">
        <h2 id="reserve-labels" className="text-lg font-semibold">
          {t("workspace.reserveHeading")}
        </h2>
        <form action={action} noValidate className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2" data-testid="labels-reserve-form">
          <fieldset key={`kind-${echoKey}`} className="sm:col-span-2" aria-describedby={errors.kind ? "labels-kind-error" : undefined}>
            <legend className="text-sm font-semibold text-slate-800">{t("workspace.series")}</legend>
            <div className="mt-1 grid gap-2 sm:grid-cols-3">
              {LABEL_KINDS.map((k) => {
                const info = next.find((n) => n.kind === k);
                return (
                  <label key={k} className="flex min-h-11 cursor-pointer items-start gap-2 rounded-md border border-slate-300 p-3 has-[:checked]:border-brand-600 has-[:checked]:bg-slate-50">
                    <input type="radio" name="kind" value={k} defaultChecked={k === kind} className="mt-0.5 h-5 w-5 shrink-0" />
                    <span>
                      <span className="block font-semibold">{t(`series.${k}`)}</span>
                      <span className="block text-sm text-slate-600" data-testid={`labels-next-${k}`}>
                        {info?.next ? t("workspace.next", { code: info.next }) : t("workspace.noneLeft")}
                      </span>
                    </span>
                  </label>
                );
              })}
            </div>
            {errors.kind && (
              <p id="labels-kind-error" className="mt-1 text-sm text-red-700">
                {errors.kind.join(" ")}
              </p>
            )}
          </fieldset>
          <Field
            key={`count-${echoKey}`}
            label={t("workspace.count")}
            name="count"
            type="number"
            inputMode="numeric"
            min={1}
            max={LABEL_COUNT_MAX}
            required
            defaultValue={typed.count ?? "24"}
            hint={t("workspace.countHint", { max: formatCount(LABEL_COUNT_MAX, locale) })}
            errors={errors.count}
          />
          <Field
            key={`note-${echoKey}`}
            label={t("workspace.note")}
            name="note"
            autoComplete="off"
            maxLength={LABEL_NOTE_MAX}
            defaultValue={typed.note ?? ""}
            hint={t("workspace.noteHint")}
            errors={errors.note}
          />
          <FormFooter state={shown} pending={pending} label={t("workspace.reserve")} pendingLabel={t("workspace.reserving")} />
        </form>
        {state.ok && <NewReservation reservation={state.reservation} />}
      </section>
      <section aria-labelledby="recent-reservations" className="space-y-2">
        <h2 id="recent-reservations" className="text-lg font-semibold">
          {t("workspace.recentHeading")}
        </h2>
        <p className="text-sm text-slate-600">{t("workspace.recentHint")}</p>
        <ReservationTable rows={reservations} highlightId={state.ok ? state.reservation.id : null} />
      </section>
    </>
  );
}

/** The range just reserved, with its downloads, right under the form. */
function NewReservation({ reservation }: { reservation: LabelReservationDto }) {
  const t = useTranslations("labels");
  const locale = useLocale();
  const range = formatLabelRange(reservation.first, reservation.last);
  return (
    <section aria-labelledby="new-reservation-title" className="space-y-2 rounded-lg border border-green-300 bg-green-50 p-4" data-testid="new-reservation">
      <h3 id="new-reservation-title" className="font-semibold text-green-950">
        {t.rich("workspace.reserved", {
          range,
          count: reservation.count,
          n: formatCount(reservation.count, locale),
          series: t(`series.${reservation.kind}`),
          code: (chunks) => (
            <span className="font-mono" data-testid="new-reservation-range">
              {chunks}
            </span>
          ),
        })}
      </h3>
      <p className="text-sm text-green-950">{t("workspace.yours")}</p>
      <PdfLinks id={reservation.id} first={reservation.first} last={reservation.last} />
    </section>
  );
}
