import "server-only";
import { requestHost } from "./client-ip";
import { getEnv } from "./env";
import { AppError, ForbiddenError, ValidationError } from "./errors";
import { presentedBearer } from "./tokens/secret";

/** JSON bodies of the API are small; anything larger is refused before parsing. */
export const MAX_JSON_BODY_BYTES = 64 * 1024;

/** Methods that read: everything else changes something and must come from this site. */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * The CSRF rule for every method that changes something (POST, PUT, PATCH and DELETE alike): an
 * `Origin`, when sent, must be this site's. Browsers send one with every such request, so one
 * without it comes from a client that is not a browser (a scanner, a script), not a forged page.
 */
export function assertSameOrigin(req: Request, trustProxy: boolean = getEnv().TRUST_PROXY): void {
  if (SAFE_METHODS.has(req.method.toUpperCase())) return;
  // A bearer API token is the alternative (DESIGN.md §5): on /api/* it alone authenticates (no
  // cookie rides along), and a page elsewhere cannot add the header without a CORS preflight.
  if (presentedBearer(req.headers) && new URL(req.url).pathname.startsWith("/api/")) return;
  const origin = req.headers.get("origin");
  if (origin !== null && !isSameOrigin(req, origin, trustProxy)) {
    throw new ForbiddenError("Cross-site requests are not allowed.", "bad_origin");
  }
}

/**
 * Reads a JSON route body: same-origin (assertSameOrigin), declared as application/json (a
 * cross-site form cannot send that without a CORS preflight), bounded in size and well-formed.
 * What it must contain is the verb's schema's business. `optional`: an empty body is `{}`.
 */
export async function readJson(req: Request, options: { optional?: boolean } = {}): Promise<unknown> {
  assertSameOrigin(req);
  const mediaType = req.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (mediaType !== "application/json") {
    throw new AppError(415, "unsupported_media_type", "Send the request body as JSON with Content-Type: application/json.");
  }
  const text = await readBodyText(req, MAX_JSON_BODY_BYTES);
  // A route whose body is optional (`{}` carries nothing) reads an empty one as `{}`.
  if (options.optional && text.trim() === "") return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ValidationError("The request body is not valid JSON.", undefined, "invalid_json");
  }
}

/**
 * The request's own origin is its URL's, or the host it was sent to: the Host header, or a
 * trusted proxy's X-Forwarded-Host (requestHost: only with TRUST_PROXY, which a client cannot set).
 */
export function isSameOrigin(req: Request, origin: string, trustProxy: boolean): boolean {
  let claimed: URL;
  try {
    claimed = new URL(origin);
  } catch {
    return false;
  }
  if (claimed.origin === new URL(req.url).origin) return true;
  const host = requestHost(req.headers, trustProxy);
  return host !== null && claimed.host === host;
}

/** 413 payload_too_large, naming the limit (`limit` in bytes, or characters for an action's arguments). */
export function payloadTooLarge(limit: number): AppError {
  return new AppError(413, "payload_too_large", `The request is too large (at most ${Math.floor(limit / 1024)} kB).`);
}

/**
 * The request body, at most `limit` bytes: refused from the declared Content-Length before
 * reading, and again while reading (a body may not declare its length); null when there is none.
 */
export async function readBoundedBody(req: Request, limit: number, tooLarge: () => Error): Promise<ReturnType<typeof Buffer.concat> | null> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (Number.isFinite(declared) && declared > limit) throw tooLarge();
  if (!req.body) return null;
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
  return Buffer.concat(chunks);
}

async function readBodyText(req: Request, limit: number): Promise<string> {
  const body = await readBoundedBody(req, limit, () => payloadTooLarge(limit));
  if (!body) return "";
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(body);
  } catch {
    throw new ValidationError("The request body is not valid UTF-8 JSON.", undefined, "invalid_json");
  }
}

export const CSV_CONTENT_TYPE = "text/csv; charset=utf-8";

/** A file download: an attachment named `filename`, never cached or sniffed. */
export function downloadResponse(body: BodyInit, filename: string, contentType: string, extraHeaders: Record<string, string> = {}): Response {
  return new Response(body, {
    headers: {
      "Content-Type": contentType,
      ...extraHeaders,
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
