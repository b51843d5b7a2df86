import { z } from "zod";
import { DISPATCH_AREAS, type DispatchArea } from "../domain";
import { text } from "./text";

// POST /api/imports (multipart) and the bench's runImport: what to import and how. The file
// itself is checked by lib/server/imports (extension, size, rows, header).

export const IMPORT_KINDS = ["bags", "bills", "labels"] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** The columns each kind reads from its header row (by name, any case, any order). */
export const IMPORT_COLUMNS = {
  bags: { required: ["parent_qr", "child_qr", "area"], optional: [] },
  bills: { required: ["bill_number", "capacity", "parent_qr"], optional: ["customer", "vehicle"] },
  labels: { required: [], optional: [] },
} as const satisfies Record<ImportKind, { required: readonly string[]; optional: readonly string[] }>;

/** "Sri Ganganagar", "SRI-GANGANAGAR" and "sri_ganganagar" all name one area; null when none matches. */
export function areaOf(raw: string): DispatchArea | null {
  const key = raw.trim().toLowerCase().replace(/[\s-]+/g, "_");
  return (DISPATCH_AREAS as readonly string[]).includes(key) ? (key as DispatchArea) : null;
}

const Area = text("Area")
  .transform((raw, ctx) => {
    if (raw.trim() === "") return undefined;
    const area = areaOf(raw);
    if (!area) {
      ctx.addIssue({ code: "custom", message: `Area must be one of: ${DISPATCH_AREAS.join(", ")}.` });
      return z.NEVER;
    }
    return area;
  })
  .optional();

const Flag = z
  .union([z.boolean(), z.enum(["true", "false", "1", "0", "on", "off"], { error: "dryRun must be true or false." })], {
    error: "dryRun must be true or false.",
  })
  .transform((v) => v === true || v === "true" || v === "1" || v === "on");

export const ImportOptions = z.object({
  kind: z.enum(IMPORT_KINDS, { error: `kind must be one of: ${IMPORT_KINDS.join(", ")}.` }),
  dryRun: Flag.default(true),
  area: Area,
  jobId: z.uuid({ error: "jobId must be a UUID." }).optional(),
  fileName: text("File name").min(1, "Choose a file.").max(255, "The file name is too long (at most 255 characters)."),
});
export type ImportOptions = z.infer<typeof ImportOptions>;
