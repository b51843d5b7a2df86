// The audit viewer's before/after comparison. Pure, so it is unit-tested.

export interface DiffRow {
  key: string;
  before: string | null;
  after: string | null;
  changed: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function show(value: unknown): string | null {
  if (value === undefined) return null;
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

/** One row per field present on either side (in first-seen order); a missing side is null. */
export function diffSnapshots(before: unknown, after: unknown): DiffRow[] {
  if (before === null && after === null) return [];
  if (!isRecord(before ?? {}) || !isRecord(after ?? {})) {
    const b = show(before ?? undefined);
    const a = show(after ?? undefined);
    return [{ key: "value", before: b, after: a, changed: b !== a }];
  }
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return keys.map((key) => {
    const was = show(b[key]);
    const now = show(a[key]);
    return { key, before: was, after: now, changed: was !== now };
  });
}
