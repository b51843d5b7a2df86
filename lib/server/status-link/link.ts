import "server-only";
import type { Db } from "@/db/client";
import { bills } from "@/db/schema";
import type { PrintedStatusLink, StatusLink } from "@/lib/dto/status-link";
import { statusHref } from "@/lib/status-link";
import { billNumberIs } from "../bills/bill-number";
import { appUrlOf, getEnv, type Env } from "../env";
import { qrSvgDataUrl } from "../qr-image";
import { signStatusToken } from "./token";

// Making a bill's public status link: each sheet or pass printed (and each bill page view) makes a
// fresh one that works STATUS_LINK_DAYS from then. Nothing is stored: the signature is the record.

export type StatusLinkEnv = Pick<Env, "APP_URL" | "statusLinkSecret" | "statusLinkDays">;

const DAY_MS = 86_400_000;

/** A link to bill `billId`'s public status, on APP_URL, expiring `statusLinkDays` after `now`. */
export function statusLinkOf(billId: number, env: StatusLinkEnv = getEnv(), now: Date = new Date()): StatusLink {
  // Whole seconds: the token carries the expiry in seconds, so the page says exactly what it checks.
  const expiresAt = new Date(Math.floor(now.getTime() / 1000) * 1000 + env.statusLinkDays * DAY_MS);
  return { url: `${appUrlOf(env)}${statusHref(signStatusToken(billId, expiresAt, env.statusLinkSecret))}`, expiresAt };
}

/** A fresh status link of the bill numbered `billNumber` (any case); null if there is no such bill. */
export async function statusLinkOfBill(db: Db, billNumber: string, env: StatusLinkEnv = getEnv(), now: Date = new Date()): Promise<StatusLink | null> {
  const [row] = await db.select({ id: bills.id }).from(bills).where(billNumberIs(billNumber)).limit(1);
  return row ? statusLinkOf(row.id, env, now) : null;
}

/** statusLinkOfBill with its QR code, for the dispatch sheet and the printed gate pass. */
export async function printedStatusLinkOfBill(db: Db, billNumber: string, env: StatusLinkEnv = getEnv(), now: Date = new Date()): Promise<PrintedStatusLink | null> {
  const link = await statusLinkOfBill(db, billNumber, env, now);
  return link ? { ...link, qrImage: await qrSvgDataUrl(link.url) } : null;
}
