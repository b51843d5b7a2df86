import { z } from "zod";
import { normalizeVehicleNumber } from "../passes";
import { text } from "./text";

// POST /api/gate/scan (DESIGN.md §6b): the QR's text as scanned, or — for a damaged QR — the
// pass code typed by the guard together with the vehicle number read off the truck.

/**
 * The JSON body's own bound (64 KB, lib/server/http.ts): any payload a request can carry is judged
 * by the signature check (invalid_pass, audited), however long; this only restates the bound.
 */
export const GATE_PAYLOAD_MAX = 64 * 1024;
export const GATE_CODE_MAX = 32;
export const GATE_VEHICLE_MAX = 32;

const EITHER = "Send the scanned payload, or the pass code together with the vehicle number.";

/**
 * The payload is kept exactly as scanned (no trimming, no control-character refusal): whatever a
 * forger sends must reach the signature check and be answered and audited as invalid_pass, not
 * turned away as malformed input. The manual pair is ordinary typed text.
 */
export const GateScanInput = z
  .object({
    payload: z.string({ error: "The payload must be text." }).max(GATE_PAYLOAD_MAX, "The payload is far too long to be a gate pass.").optional(),
    code: text("Pass code").max(GATE_CODE_MAX, `Pass code must be at most ${GATE_CODE_MAX} characters.`).optional(),
    vehicleNumber: text("Vehicle number").max(GATE_VEHICLE_MAX, `Vehicle number must be at most ${GATE_VEHICLE_MAX} characters.`).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    const manual = v.code !== undefined || v.vehicleNumber !== undefined;
    if (v.payload !== undefined && manual) {
      ctx.addIssue({ code: "custom", path: ["payload"], message: `${EITHER} Not both.` });
      return;
    }
    if (v.payload === undefined && !manual) {
      ctx.addIssue({ code: "custom", path: ["payload"], message: EITHER });
      return;
    }
    if (manual) {
      if (!v.code) ctx.addIssue({ code: "custom", path: ["code"], message: "Type the pass code (GP-YYYYMMDD-NNNN)." });
      if (!v.vehicleNumber) ctx.addIssue({ code: "custom", path: ["vehicleNumber"], message: "Type the vehicle number on the truck, too." });
    }
  })
  .transform((v): GateScanRequest =>
    v.payload !== undefined
      ? { kind: "payload", payload: v.payload }
      : { kind: "manual", code: (v.code ?? "").toUpperCase(), vehicleNumber: normalizeVehicleNumber(v.vehicleNumber ?? "") },
  );

export type GateScanRequest =
  | { kind: "payload"; payload: string }
  | { kind: "manual"; code: string; vehicleNumber: string };
