import { STATION_MEMORY_PREFIXES } from "@/components/station/station-memory";
import type { LoadScanResult } from "@/lib/dto/load-check";
import { LOAD_CHECK_MAX_QRS } from "@/lib/schemas/load-check";
import { MAX_REFUSED, type RefusedScan } from "./load-check-state";

/*
 * A live load check survives a reload in the same tab: its scans, one JSON value per user and
 * bill in sessionStorage (gone when the tab closes). The key starts with the bill station's
 * prefix, so the header's Sign out wipes it with the stations' memory; "#" cannot occur in a
 * bill number, so it never names the bill station's own value.
 */

export function loadCheckMemoryKey(username: string, billNumber: string): string {
  return `${STATION_MEMORY_PREFIXES[1]}${username}:${billNumber.toUpperCase()}#load-check`;
}

export interface LoadCheckMemory {
  scans: LoadScanResult[];
  refused: RefusedScan[];
}

const MAX_CHARS = 400_000;
const MAX_QR = 300;
const MAX_MESSAGE = 1_000;
const VERDICTS: ReadonlySet<string> = new Set(["matched", "extra", "other_bill"]);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const shortText = (v: unknown, max: number): v is string => typeof v === "string" && v.length <= max;

function toScan(v: unknown): LoadScanResult | null {
  if (!isRecord(v) || !shortText(v.qr, MAX_QR) || typeof v.verdict !== "string" || !VERDICTS.has(v.verdict) || typeof v.known !== "boolean") return null;
  const other = v.otherBillNumber;
  if (other !== null && !shortText(other, 100)) return null;
  return { qr: v.qr, verdict: v.verdict as LoadScanResult["verdict"], otherBillNumber: other, known: v.known };
}

function toRefused(v: unknown): RefusedScan | null {
  if (!isRecord(v) || !shortText(v.qr, MAX_QR) || !shortText(v.message, MAX_MESSAGE)) return null;
  if (typeof v.id !== "number" || !Number.isSafeInteger(v.id) || v.id < 0) return null;
  return { id: v.id, qr: v.qr, message: v.message };
}

/** A stored value back to a memory; null for anything missing, oversized or not of this shape. */
export function parseLoadCheckMemory(raw: string | null): LoadCheckMemory | null {
  if (!raw || raw.length > MAX_CHARS) return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!isRecord(value) || value.v !== 1 || !Array.isArray(value.scans) || !Array.isArray(value.refused)) return null;
  if (value.scans.length > LOAD_CHECK_MAX_QRS || value.refused.length > MAX_REFUSED) return null;
  const scans = value.scans.map(toScan);
  const refused = value.refused.map(toRefused);
  // One bad entry means the value is not ours as written: keep none of it.
  if (scans.some((s) => s === null) || refused.some((r) => r === null)) return null;
  return { scans: scans.filter((s) => s !== null), refused: refused.filter((r) => r !== null) };
}

type StorageLike = Pick<Storage, "getItem" | "setItem" | "removeItem">;

/** This tab's memory of one check; storage errors (private mode, quota) only cost the memory. */
export function createLoadCheckMemory(storage: () => StorageLike, key: string) {
  return {
    load(): LoadCheckMemory | null {
      try {
        return parseLoadCheckMemory(storage().getItem(key));
      } catch {
        return null;
      }
    },
    save(memory: LoadCheckMemory): void {
      try {
        storage().setItem(key, JSON.stringify({ v: 1, ...memory }));
      } catch {
        // Full or refused: the check goes on, it just will not survive a reload.
      }
    },
    clear(): void {
      try {
        storage().removeItem(key);
      } catch {
        // Nothing was kept.
      }
    },
  };
}
export type LoadCheckMemoryStore = ReturnType<typeof createLoadCheckMemory>;
