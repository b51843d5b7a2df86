import "server-only";
import { asc, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "@/db/client";
import { bags, billBags, bills, links } from "@/db/schema";
import { isBillFrozen } from "@/lib/domain";
import type { CompanyHeader, DispatchSheet } from "@/lib/dto/dispatch-sheet";
import { billHref } from "@/lib/routes";
import { appUrlOf, getEnv, type Env } from "../env";
import { qrSvgDataUrl } from "../qr-image";
import { billNumberIs } from "./bill-number";
import { getBill } from "./detail";
import { latestPassOfBill } from "./latest-pass";
import { lastLoadCheckOfBill } from "./load-check-queries";
import { paginateDispatchSheet } from "./dispatch-pages";

type SheetEnv = Pick<Env, "APP_URL" | "COMPANY_NAME" | "COMPANY_ADDRESS" | "COMPANY_GSTIN" | "COMPANY_PHONE">;

export function companyHeaderOf(env: SheetEnv): CompanyHeader {
  return { name: env.COMPANY_NAME, address: env.COMPANY_ADDRESS ?? null, gstin: env.COMPANY_GSTIN ?? null, phone: env.COMPANY_PHONE ?? null };
}

/** The bill page's absolute address (on appUrlOf). */
export function billUrlOf(env: Pick<Env, "APP_URL">, billNumber: string): string {
  return `${appUrlOf(env)}${billHref(billNumber)}`;
}

/** Each parent's child QRs, in the order they were packed. */
async function childrenOfBill(db: Db, billNumber: string): Promise<Map<string, string[]>> {
  const parent = alias(bags, "parent");
  const child = alias(bags, "child");
  const rows = await db
    .select({ parentQr: parent.qr, childQr: child.qr })
    .from(billBags)
    .innerJoin(bills, eq(bills.id, billBags.billId))
    .innerJoin(parent, eq(parent.id, billBags.bagId))
    .innerJoin(links, eq(links.parentBagId, billBags.bagId))
    .innerJoin(child, eq(child.id, links.childBagId))
    .where(billNumberIs(billNumber))
    .orderBy(asc(links.parentBagId), asc(links.createdAt), asc(links.id));
  const byParent = new Map<string, string[]>();
  for (const { parentQr, childQr } of rows) byParent.set(parentQr, [...(byParent.get(parentQr) ?? []), childQr]);
  return byParent;
}

/**
 * A bill's dispatch sheet laid out on A4 pages (parents in loading order: the first one put on
 * the truck first); with `manifest`, each parent's child QRs under it. Null if there is no such bill.
 */
export async function loadDispatchSheet(
  db: Db,
  rawBillNumber: string,
  options: { manifest?: boolean } = {},
  env: SheetEnv = getEnv(),
): Promise<DispatchSheet | null> {
  const detail = await getBill(db, rawBillNumber);
  if (!detail) return null;
  const { bill } = detail;
  const manifest = options.manifest === true;
  const parents = [...detail.parents].reverse().map(({ qr, type, childCount, capacity, partial }) => ({ qr, type, childCount, capacity, partial }));
  const children = manifest ? await childrenOfBill(db, bill.billNumber) : undefined;
  const pass = await latestPassOfBill(db, bill.billNumber);
  const loadCheck = await lastLoadCheckOfBill(db, bill.billNumber);
  const billUrl = billUrlOf(env, bill.billNumber);
  return {
    bill,
    company: companyHeaderOf(env),
    billUrl,
    qrImage: await qrSvgDataUrl(billUrl),
    draft: !isBillFrozen(bill.status),
    manifest,
    pages: paginateDispatchSheet(parents, children),
    ...(pass ? { driver: { name: pass.driverName, phone: pass.driverPhone, vehicleNumber: pass.vehicleNumber, passCode: pass.code } } : {}),
    ...(loadCheck ? { loadCheck } : {}),
  };
}
