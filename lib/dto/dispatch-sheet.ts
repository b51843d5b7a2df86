import type { BillDto, ParentOnBill } from "./bills";
import type { LoadCheckSummary } from "./load-check";

// The printed dispatch sheet of a bill: its A4 pages are laid out on the server, so the page
// count printed on every page ("Page 1 of 2") is decided before the browser sees it.

/** The issuing company at the top of the sheet (COMPANY_* settings). */
export interface CompanyHeader {
  name: string;
  address: string | null;
  gstin: string | null;
  phone: string | null;
}

/** One fixed-height line of a page's parent table. */
export type SheetLine =
  /** A parent bag; `position` is its place in loading order, from 1. */
  | { kind: "parent"; position: number; parent: ParentOnBill }
  /** Child QRs of `parentQr` (the child manifest); `continued` when its parent row is on an earlier page. */
  | { kind: "children"; parentQr: string; qrs: string[]; continued: boolean }
  /** The bill has no parents. */
  | { kind: "empty" };

export interface SheetPage {
  /** From 1. */
  number: number;
  lines: SheetLine[];
  /** The last page: totals and signature lines follow its table. */
  closing: boolean;
}

/** A driver as a gate pass names them; the sheet leaves lines to fill in by hand without one. */
export interface SheetDriver {
  name: string;
  phone: string;
  /** The truck the pass names, when it comes from one. */
  vehicleNumber?: string;
  /** The gate pass it comes from. */
  passCode?: string;
}

export interface DispatchSheet {
  bill: BillDto;
  company: CompanyHeader;
  /** The bill page's absolute address: what the sheet's QR code holds. */
  billUrl: string;
  /** The QR code of `billUrl` as an SVG data: URL (for an <img>). */
  qrImage: string;
  /** Not completed (nor dispatched): every page carries a DRAFT mark. */
  draft: boolean;
  /** Each parent's child QRs are listed under it. */
  manifest: boolean;
  pages: SheetPage[];
  /** From the bill's newest gate pass that was not revoked; absent without one. */
  driver?: SheetDriver;
  /** The bill's newest load check at the truck; absent without one. */
  loadCheck?: LoadCheckSummary;
}
