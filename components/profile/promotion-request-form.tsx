"use client";

import { useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import { requestPromotionAction } from "@/app/(app)/profile/actions";
import { errorsOf, FormMessage, NO_ANSWER } from "@/components/auth/form-message";
import { SubmitButton } from "@/components/auth/submit-button";
import { PROMOTION_REASON_MAX, PROMOTION_REASON_MIN } from "@/lib/schemas/promotions";

/**
 * "Request promotion": the role asked for and a reason with a live character count. Both are
 * held in state, so a refused request keeps what was typed.
 */
export function PromotionRequestForm({ targets }: { targets: ("biller" | "admin")[] }) {
  const t = useTranslations("profile.promotion");
  const tc = useTranslations("common");
  const [state, action, pending] = useActionState(requestPromotionAction, NO_ANSWER);
  const [role, setRole] = useState(targets[0] ?? "admin");
  const [reason, setReason] = useState("");
  const errors = errorsOf(state);
  const length = reason.trim().length;
  const countClass = length > PROMOTION_REASON_MAX || (length > 0 && length < PROMOTION_REASON_MIN) ? "text-red-700" : "text-slate-600";
  return (
    <form action={action} className="flex max-w-lg flex-col gap-3" data-testid="promotion-form" noValidate>
      <div className="flex flex-col gap-1">
        <label htmlFor="promotion-role" className="text-sm font-semibold text-slate-800">
          {t("role")}
        </label>
        <select
          id="promotion-role"
          name="requestedRole"
          value={role}
          onChange={(e) => setRole(e.target.value === "biller" ? "biller" : "admin")}
          aria-invalid={errors.requestedRole ? true : undefined}
          aria-describedby={errors.requestedRole ? "promotion-role-error" : undefined}
          className="min-h-11 rounded-md border border-slate-300 bg-white px-3 py-2 text-base shadow-sm focus:border-brand-600"
        >
          {targets.map((target) => (
            <option key={target} value={target}>
              {tc(`roles.${target}`)}
            </option>
          ))}
        </select>
        {errors.requestedRole && (
          <p id="promotion-role-error" className="text-sm text-red-700">
            {errors.requestedRole.join(" ")}
          </p>
        )}
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="promotion-reason" className="text-sm font-semibold text-slate-800">
          {t("reason")}
        </label>
        <textarea
          id="promotion-reason"
          name="reason"
          rows={4}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          maxLength={PROMOTION_REASON_MAX + 50}
          aria-invalid={errors.reason ? true : undefined}
          aria-describedby={`promotion-reason-count${errors.reason ? " promotion-reason-error" : ""}`}
          className="rounded-md border border-slate-300 bg-white px-3 py-2.5 text-base shadow-sm focus:border-brand-600 aria-invalid:border-red-600"
        />
        <p id="promotion-reason-count" className={`text-sm tabular-nums ${countClass}`} data-testid="promotion-reason-count">
          {t("count", { length, max: PROMOTION_REASON_MAX, min: PROMOTION_REASON_MIN })}
        </p>
        {errors.reason && (
          <p id="promotion-reason-error" className="text-sm text-red-700">
            {errors.reason.join(" ")}
          </p>
        )}
      </div>
      <FormMessage state={state} />
      <SubmitButton pending={pending} label={t("submit")} pendingLabel={t("pending")} />
    </form>
  );
}
