import { z } from "zod";
import type { Role } from "../domain";
import { text } from "./text";

/** The roles a promotion can ask for (as promotion_requests.requested_role allows). */
export const PROMOTION_TARGETS = ["biller", "admin"] as const;
export type PromotionTarget = (typeof PROMOTION_TARGETS)[number];

export const PROMOTION_REASON_MIN = 10;
export const PROMOTION_REASON_MAX = 500;
export const DECISION_NOTE_MAX = 300;

/** What `role` may ask to become: a dispatcher biller or admin, a biller admin, others nothing. */
export function promotionTargetsFor(role: Role): readonly PromotionTarget[] {
  if (role === "dispatcher") return PROMOTION_TARGETS;
  if (role === "biller") return ["admin"];
  return [];
}

const REASON_SHORT = `Say in at least ${PROMOTION_REASON_MIN} characters why you need the new role.`;

export const RequestPromotionInput = z.object({
  requestedRole: z.enum(PROMOTION_TARGETS, { message: "Choose the role you are asking for: Biller or Admin." }),
  reason: text("Reason", { multiline: true, missing: REASON_SHORT })
    .min(PROMOTION_REASON_MIN, REASON_SHORT)
    .max(PROMOTION_REASON_MAX, `Keep the reason to at most ${PROMOTION_REASON_MAX} characters.`),
});
export type RequestPromotionInput = z.infer<typeof RequestPromotionInput>;

const REQUEST_GONE = "That request could not be found. Reload the page.";

export const DecidePromotionInput = z.object({
  requestId: z.coerce.number({ error: REQUEST_GONE }).int(REQUEST_GONE).positive(REQUEST_GONE).max(Number.MAX_SAFE_INTEGER, REQUEST_GONE),
  decision: z.enum(["approve", "reject"], { message: "Choose Approve or Reject." }),
  note: text("Note", { multiline: true })
    .max(DECISION_NOTE_MAX, `Keep the note to at most ${DECISION_NOTE_MAX} characters.`)
    .optional()
    .transform((s) => s || undefined),
});
export type DecidePromotionInput = z.infer<typeof DecidePromotionInput>;
