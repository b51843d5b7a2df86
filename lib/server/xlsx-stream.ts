import "server-only";
import ExcelJS from "exceljs";
import { Transform } from "node:stream";

/** A column of a streamed sheet: how wide, and how its cells are shown (times as IST wall-clock dates). */
export interface XlsxColumn {
  header: string;
  width: number;
  kind: "text" | "number" | "time";
}

/** One cell as written: text, a number, a date (already the IST wall clock), or empty. */
export type XlsxCell = string | number | Date | null;

/** Unread XLSX bytes above which the writer waits for the client (flat memory). */
const XLSX_BUFFER_BYTES = 64 * 1024;
/** How long the writer waits for a batch's bytes to come out of the zip before writing on anyway. */
const XLSX_SETTLE_MS = 250;

const formatOf = (kind: XlsxColumn["kind"]) =>
  kind === "time" ? { style: { numFmt: "dd-mm-yyyy hh:mm" } } : kind === "number" ? { style: { numFmt: "0" } } : {};

/**
 * One sheet through exceljs's streaming writer: bold frozen header with an auto-filter, column
 * widths, dates as real dates, numbers as numbers. exceljs pushes rows into its zip without
 * back-pressure, so after each batch the writer waits until the zip has passed bytes on (it keeps
 * up) and the client has left fewer than XLSX_BUFFER_BYTES unread: a slow client holds the
 * cursor, not memory. Leaving the batches early (the client went away) returns their generator.
 */
export function xlsxStream(sheetName: string, columns: readonly XlsxColumn[], batches: AsyncGenerator<XlsxCell[][]>, label: string): ReadableStream<Uint8Array> {
  let zipped = 0;
  let wake: (() => void) | null = null;
  const signal = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const out = new Transform({
    highWaterMark: XLSX_BUFFER_BYTES,
    transform(chunk: Buffer, _encoding, done) {
      zipped += chunk.length;
      done(null, chunk);
      signal();
    },
  });
  const chunks = out[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let cancelled = false;
  const settled = async (before: number) => {
    const since = Date.now();
    for (;;) {
      if (cancelled) return;
      const flowed = zipped > before || Date.now() - since > XLSX_SETTLE_MS;
      if (flowed && out.readableLength + out.writableLength <= XLSX_BUFFER_BYTES / 2) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 50);
      });
    }
  };

  const write = async () => {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    workbook.creator = "TraceTrack";
    const sheet = workbook.addWorksheet(sheetName, { views: [{ state: "frozen", ySplit: 1 }] });
    sheet.columns = columns.map((c, i) => ({ header: c.header, key: `c${i}`, width: c.width, ...formatOf(c.kind) }));
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
    const header = sheet.getRow(1);
    header.font = { bold: true };
    header.commit();
    for await (const batch of batches) {
      const before = zipped;
      for (const cells of batch) sheet.addRow(cells).commit();
      await settled(before);
      // Leaving the loop returns the generator: the cursor's transaction ends.
      if (cancelled) return;
    }
    sheet.commit();
    await workbook.commit();
  };
  void write().catch((err: unknown) => {
    console.error(`[${label}] export failed part-way`, err);
    out.destroy(err instanceof Error ? err : new Error("xlsx export failed"));
  });

  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await chunks.next();
        signal();
        if (next.done) controller.close();
        else controller.enqueue(new Uint8Array(next.value.buffer, next.value.byteOffset, next.value.byteLength));
      } catch (err) {
        controller.error(err);
      }
    },
    cancel() {
      // The writer leaves its loop at the next batch, which ends the cursor.
      cancelled = true;
      signal();
      out.destroy();
    },
  });
}

export const XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
