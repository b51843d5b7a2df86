import { displayQr } from "./qr";

// What "not found" says for a bag or a bill, one wording for the JSON 404s and the pages' own
// not-found screens (which know only the URL).

/** `qr` as normalizeQr left it. */
export function noBagMessage(qr: string): string {
  return `No bag ${displayQr(qr)} was found.`;
}

/** `billNumber` as normalizeBillNumber left it. */
export function noBillMessage(billNumber: string): string {
  const shown = billNumber.length > 50 ? `${billNumber.slice(0, 50)}…` : billNumber;
  return `No bill ${JSON.stringify(shown.replace(/[^\x20-\x7e]/g, "?"))} was found.`;
}

/** The URL-decoded path segment after `after` ("/bills/B-1/print", "bills" → "B-1"), or "". */
export function segmentAfter(pathname: string, after: string): string {
  const parts = pathname.split("/");
  const raw = parts[parts.indexOf(after) + 1] ?? "";
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
