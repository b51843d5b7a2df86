import type { AddParentResult } from "../dto/bills";
import type { ChildScanResult, ParentScanResult } from "../dto/scan";

// A replayed scan's JSON answer back to the DTO the stations already show. The server is ours,
// but the body crossed the network as JSON: its shape is checked before a station trusts it
// (a body that does not fit changes no count; the scan still counts as sent).

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v >= 0;

export function asParentScanResult(body: unknown): ParentScanResult | null {
  const parent = isRecord(body) ? body.parent : null;
  if (!isRecord(parent) || typeof parent.qr !== "string" || !isCount(parent.childCount) || !isCount(parent.capacity)) return null;
  if (parent.type !== "SB" && parent.type !== "M444") return null;
  if (parent.finished !== null && parent.finished !== undefined && !isRecord(parent.finished)) return null;
  return body as unknown as ParentScanResult;
}

export function asChildScanResult(body: unknown): ChildScanResult | null {
  if (!isRecord(body) || (body.result !== "linked" && body.result !== "duplicate")) return null;
  if (typeof body.childQr !== "string" || typeof body.parentQr !== "string" || !isCount(body.childCount) || !isCount(body.capacity)) return null;
  return body as unknown as ChildScanResult;
}

export function asAddParentResult(body: unknown): AddParentResult | null {
  if (!isRecord(body) || (body.result !== "added" && body.result !== "duplicate")) return null;
  if (typeof body.billNumber !== "string" || !isCount(body.linkedCount) || !isCount(body.capacity)) return null;
  const parent = body.parent;
  if (!isRecord(parent) || typeof parent.qr !== "string" || !isCount(parent.childCount) || !isCount(parent.capacity)) return null;
  return body as unknown as AddParentResult;
}

/** What the browser says of its network (navigator.onLine); online where there is no browser (server render). */
export const browserOnline = (): boolean => typeof navigator === "undefined" || navigator.onLine;

/** Which failures of a direct call mean "no network" (the scan is queued; its key makes a resend safe). */
export function isNetworkFailure(err: unknown, online: boolean): boolean {
  return !online || err instanceof TypeError;
}
