import { z } from "zod";
import { DISPATCH_AREAS } from "../domain";
import { istDayBounds } from "../time";
import { text } from "./text";

// API tokens (DESIGN.md §6b): what POST /api/admin/tokens and the /admin/tokens form send.

/** What a token may act as (the contract calls it `role`; the table's `scope`). */
export const API_TOKEN_ROLES = ["dispatcher", "biller", "gate", "readonly", "admin"] as const;
export type ApiTokenRole = (typeof API_TOKEN_ROLES)[number];

export const API_TOKEN_NAME_MAX = 80;
/** An expiry further out than this is a typo (year 2205), not a plan. */
export const API_TOKEN_MAX_YEARS = 5;

const blankToUndefined = (v: unknown) => (v === "" || v === null ? undefined : v);

/**
 * An expiry: a day ("2026-12-31": the token works to the end of that IST day) or an instant with
 * its offset ("2026-12-31T18:00:00+05:30"). Whether it is still ahead is the verb's check.
 */
const Expiry = text("Expiry")
  .max(40, "Expiry must be a date like 2026-12-31.")
  .transform((raw, ctx) => {
    const day = istDayBounds(raw);
    if (day) return day.end;
    const instant = z.iso.datetime({ offset: true }).safeParse(raw);
    if (instant.success) return new Date(instant.data);
    ctx.addIssue({ code: "custom", message: "Expiry must be a date like 2026-12-31 or a time like 2026-12-31T18:00:00+05:30." });
    return z.NEVER;
  });

export const IssueApiTokenInput = z
  .strictObject(
    {
      name: text("Name", { missing: "Enter a name for the token (what uses it)." })
        .min(1, "Enter a name for the token (what uses it).")
        .max(API_TOKEN_NAME_MAX, `Name must be at most ${API_TOKEN_NAME_MAX} characters.`),
      role: z.enum(API_TOKEN_ROLES, { error: "Choose what the token acts as: dispatcher, biller, gate, readonly or admin." }),
      area: z.preprocess(blankToUndefined, z.enum(DISPATCH_AREAS, { error: "Choose one of the dispatch areas." }).optional()),
      expiresAt: z.preprocess(blankToUndefined, Expiry.optional()),
    },
    { error: (issue) => (issue.code === "invalid_type" ? 'Send a JSON object like {"name": "Scanner 4", "role": "dispatcher", "area": "lucknow"}.' : undefined) },
  )
  .superRefine((input, ctx) => {
    if (input.role === "dispatcher" && !input.area) ctx.addIssue({ code: "custom", path: ["area"], message: "A dispatcher token needs a dispatch area." });
    if (input.role !== "dispatcher" && input.area) ctx.addIssue({ code: "custom", path: ["area"], message: "Only a dispatcher token has a dispatch area." });
  });
export type IssueApiTokenInput = z.output<typeof IssueApiTokenInput>;

export const ApiTokenId = z.object({ id: text("Token id", { missing: "Name the token to revoke." }).min(1, "Name the token to revoke.").max(100, "No such API token.") });
