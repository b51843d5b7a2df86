import "server-only";
import { normalizeQr } from "@/lib/qr";
import type { BagItem } from "./bag-items";
import type { SheetRow } from "./sheet";
import type { TableRow } from "./table";

// The label printer's batch (reference §6.2): column A the Sr. No., column B the QR text. A run
// of child rows (text with "LABEL NO.", e.g. `LABEL NO.:0016586 LOT NO.:STAR44GG24611, …`) is
// closed by one parent row: Sr. No. "Parent Code", or B starting SB/M444-, or Sr. No. 16 without
// a label (15 children + parent). Every sheet is read; a sheet's first row may be its header.

const LABEL = /LABEL\s*NO/i;
const PARENT_CODE = /^\s*parent\s*code\s*$/i;
const PARENT_PREFIX = /^(SB|M444-)/;

type Kind = "child" | "parent" | "other";

function kindOf(srNo: string, qrText: string): Kind {
  if (LABEL.test(qrText)) return "child";
  if (PARENT_CODE.test(srNo) || PARENT_PREFIX.test(normalizeQr(qrText)) || srNo.trim() === "16") return "parent";
  return "other";
}

/**
 * The batch as bag rows (parent_qr, child_qr, area): one per child, one for the parent row
 * itself. Rows that fit no block carry their refusal (no_parent, empty_parent, unrecognised_row).
 */
export async function labelItems(rows: AsyncIterable<SheetRow> | Iterable<SheetRow>, area: string, onRow?: (n: number) => Promise<void>): Promise<BagItem[]> {
  const items: BagItem[] = [];
  let sheet: string | null = null;
  let pending: BagItem[] = [];
  let seen = 0;
  const closeSheet = () => {
    for (const child of pending) {
      child.error = { code: "no_parent", message: "This child row has no parent row after it: each run of labels must end with its parent (SB… or M444-…)." };
    }
    pending = [];
  };
  let firstOfSheet = true;
  for await (const { sheet: name, row, cells } of rows) {
    seen += 1;
    if (seen % 5000 === 0) await onRow?.(seen);
    if (name !== sheet) {
      closeSheet();
      sheet = name;
      firstOfSheet = true;
    }
    const srNo = cells[0] ?? "";
    const qrText = cells[1] ?? "";
    const kind = kindOf(srNo, qrText);
    const isFirst = firstOfSheet;
    firstOfSheet = false;
    if (kind === "child") {
      const item: BagItem = { row, sheet: name, parentRaw: "", childRaw: qrText, areaRaw: area };
      pending.push(item);
      items.push(item);
    } else if (kind === "parent") {
      const parentItem: BagItem = { row, sheet: name, parentRaw: qrText, childRaw: "", areaRaw: area };
      if (pending.length === 0) {
        parentItem.error = { code: "empty_parent", message: `Parent row "${qrText.slice(0, 40)}" has no child rows above it.` };
      }
      for (const child of pending) child.parentRaw = qrText;
      pending = [];
      items.push(parentItem);
    } else if (!isFirst) {
      items.push({
        row,
        sheet: name,
        parentRaw: "",
        childRaw: "",
        areaRaw: area,
        error: {
          code: "unrecognised_row",
          message: "This row is neither a child label (text with LABEL NO.) nor a parent (SB12345, M444-12345 or Sr. No. \"Parent Code\").",
        },
      });
    }
  }
  closeSheet();
  return items;
}

// The parent→bill batch (reference §6.2): rows with a numeric Sr. No. and a parent code in
// column B, each run closed by a row whose Sr. No. contains "Bill" with the bill number in B.
const BILL_ROW = /bill/i;
const SR_NO = /^\s*\d+\s*$/;

/** Whether a label batch is the parent→bill kind: some row's Sr. No. says "Bill". */
export function isParentBillBatch(rows: readonly SheetRow[]): boolean {
  return rows.some(({ cells }) => BILL_ROW.test(cells[0] ?? "") && (cells[1] ?? "").trim() !== "");
}

/**
 * The parent→bill batch as bills rows (bill_number, capacity, parent_qr): each run of parents
 * becomes one new bill whose capacity is the number of parents in the run. Parents after the
 * last bill row, a bill row with no parents and rows that fit neither carry their refusal.
 */
export function parentBillRows(rows: readonly SheetRow[]): TableRow[] {
  const out: TableRow[] = [];
  let pending: TableRow[] = [];
  let sheet: string | null = null;
  const closeSheet = () => {
    for (const parent of pending) {
      parent.error = { code: "no_bill", message: "This parent row has no bill row after it: each run of parents must end with its bill (Sr. No. \"Bill\", the bill number in column B)." };
    }
    pending = [];
  };
  let firstOfSheet = true;
  for (const { sheet: name, row, cells } of rows) {
    if (name !== sheet) {
      closeSheet();
      sheet = name;
      firstOfSheet = true;
    }
    const srNo = cells[0] ?? "";
    const text = (cells[1] ?? "").trim();
    const isFirst = firstOfSheet;
    firstOfSheet = false;
    if (BILL_ROW.test(srNo) && text !== "") {
      if (pending.length === 0) {
        out.push({ row, sheet: name, values: {}, error: { code: "empty_bill", message: `Bill row "${text.slice(0, 40)}" has no parent rows above it.` } });
      }
      for (const parent of pending) {
        parent.values.bill_number = text;
        parent.values.capacity = String(pending.length);
      }
      pending = [];
    } else if (SR_NO.test(srNo) && text !== "") {
      const parent: TableRow = { row, sheet: name, values: { parent_qr: text } };
      pending.push(parent);
      out.push(parent);
    } else if (!isFirst) {
      out.push({
        row,
        sheet: name,
        values: {},
        error: { code: "unrecognised_row", message: "This row is neither a parent (a numeric Sr. No. and SB12345 or M444-12345) nor a bill row (Sr. No. \"Bill\", the bill number in column B)." },
      });
    }
  }
  closeSheet();
  return out;
}
