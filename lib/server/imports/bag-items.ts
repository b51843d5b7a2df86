import "server-only";

/** One row of a bags import or of a label batch, as read (the checks normalise it). */
export interface BagItem {
  row: number;
  sheet: string;
  parentRaw: string;
  /** Empty: the row names the parent alone (creates it when new). */
  childRaw: string;
  areaRaw: string;
  /** A refusal found while reading (label batches). */
  error?: { code: string; message: string };
}
