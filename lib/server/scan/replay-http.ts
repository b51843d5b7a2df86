import "server-only";
import { NextResponse } from "next/server";
import type { Replayable } from "@/lib/dto/outcome";
import { ValidationError } from "../errors";

// The scan routes take a scan's idempotency key in the body (`idempotencyKey`) or in this header,
// and mark an answer given again to a repeated key with the other.
export const IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";
export const REPLAYED_HEADER = "Idempotency-Replayed";

const KEYS_DIFFER = "The Idempotency-Key header and the body's idempotencyKey differ; send one key.";

/** The JSON body with the header's key in it; a body that names another key is refused (400). */
export function withKeyHeader(req: Request, body: unknown): unknown {
  const header = req.headers.get(IDEMPOTENCY_KEY_HEADER);
  // Not an object: the schema refuses it as it is.
  if (header === null || body === null || typeof body !== "object" || Array.isArray(body)) return body;
  const sent: unknown = (body as { idempotencyKey?: unknown }).idempotencyKey;
  if (sent !== undefined && sent !== header) throw new ValidationError(KEYS_DIFFER, { idempotencyKey: [KEYS_DIFFER] });
  return { ...body, idempotencyKey: header };
}

/** A scan's answer; a replayed one carries the Idempotency-Replayed header too. */
export function scanAnswer<T extends object>(answer: Replayable<T>): Replayable<T> | Response {
  if (!answer.replayed) return answer;
  return NextResponse.json(answer, { headers: { "Cache-Control": "no-store", [REPLAYED_HEADER]: "true" } });
}
