"use server";

import { revalidatePath } from "next/cache";
import { billHref } from "@/lib/routes";
import { defineAction } from "@/lib/server/action";
import { classifyLoadScan, previewLoadCheck, saveLoadCheck } from "@/lib/server/bills/load-check";

// The load check page's calls: the guard first (a server action is a public POST endpoint), then
// the same verbs and schemas as POST /api/bills/[billNumber]/check. Actions take plain values
// only, so a list of labels travels as one string, a label a line.

const CHECK = { permission: "bills:check" } as const;

/** "SB1\nSB2" → ["SB1", "SB2"]; anything but a string goes to the schema as sent (and is refused there). */
function labelsOf(lines: unknown): unknown {
  return typeof lines === "string" ? lines.split("\n").filter((line) => line !== "") : lines;
}

/** One scan at the truck → {qr, verdict, otherBillNumber, known}. */
export const classifyLoadScanAction = defineAction(CHECK, (ctx, billNumber: unknown, qr: unknown) => classifyLoadScan(ctx, { billNumber, qr }), {
  lost: "this scan was not checked",
});

/** The remembered scans after a reload, classified again against the bill as it now is. */
export const previewLoadCheckAction = defineAction(CHECK, (ctx, billNumber: unknown, qrs: unknown) => previewLoadCheck(ctx, { billNumber, qrs: labelsOf(qrs) }));

/** Saves the report (recomputed on the server); the bill page shows it as the last check. */
export const saveLoadCheckAction = defineAction(
  CHECK,
  async (ctx, billNumber: unknown, qrs: unknown, notes: unknown) => {
    const saved = await saveLoadCheck(ctx, { billNumber, qrs: labelsOf(qrs), notes });
    revalidatePath(billHref(saved.check.billNumber));
    return saved;
  },
  { lost: "the report was not saved" },
);
