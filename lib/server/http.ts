import "server-only";
import { AppError, ForbiddenError, ValidationError } from "./errors";

/** JSON bodies of the API are small; anything larger is refused before parsing. */
export const MAX_JSON_BODY_BYTES = 64 * 1024;

/**
 * Reads a JSON route body: same-origin (when the browser says where it comes from), declared
 * as application/json (a cross-site form cannot send that without a CORS preflight), bounded
 * in size and well-formed. What it must contain is the verb's schema's business.
 */
export async function readJson(req: Request): Promise<unknown> {
  const origin = req.headers.get("origin");
  if (origin !== null && !isSameOrigin(req, origin)) {
    throw new ForbiddenError("Cross-site requests are not allowed.", "bad_origin");
  }
  const mediaType = req.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (mediaType !== "application/json") {
    throw new AppError(415, "unsupported_media_type", "Send the request body as JSON with Content-Type: application/json.");
  }
  const text = await readBodyText(req, MAX_JSON_BODY_BYTES);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ValidationError("The request body is not valid JSON.", undefined, "invalid_json");
  }
}

/** The request's own origin is its URL's, or (behind a proxy) the Host it was sent to. */
function isSameOrigin(req: Request, origin: string): boolean {
  let claimed: URL;
  try {
    claimed = new URL(origin);
  } catch {
    return false;
  }
  if (claimed.origin === new URL(req.url).origin) return true;
  const host = req.headers.get("x-forwarded-host")?.split(",")[0]?.trim() || req.headers.get("host");
  return Boolean(host) && claimed.host === host;
}

async function readBodyText(req: Request, limit: number): Promise<string> {
  const tooLarge = () => new AppError(413, "payload_too_large", `The request body is too large (at most ${limit / 1024} kB).`);
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > limit) throw tooLarge();
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new ValidationError("The request body is not valid UTF-8 JSON.", undefined, "invalid_json");
  }
}
