import { describe, expect, it } from "vitest";
import { PortalListQuery } from "@/lib/schemas/portal";
import { decodeCursor, encodeCursor } from "@/lib/server/portal/cursor";
import { portalExportFilename } from "@/lib/server/portal/export";
import { AppError } from "@/lib/server/errors";

const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    if (err instanceof AppError) return { status: err.status, message: err.message };
    throw err;
  }
  return null;
};
const raw = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

describe("the portal grid's cursor", () => {
  it("round-trips the last row's sort value and id, for its own sort only", () => {
    const c = encodeCursor("createdAt", "desc", "2026-03-31T08:30:00.123456Z", 42);
    expect(c).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(c, "createdAt", "desc")).toEqual({ value: "2026-03-31T08:30:00.123456Z", id: 42 });
    expect(decodeCursor(encodeCursor("customer", "asc", null, 7), "customer", "asc")).toEqual({ value: null, id: 7 });
    expect(decodeCursor(encodeCursor("childCount", "asc", 30, 7), "childCount", "asc")).toEqual({ value: 30, id: 7 });
    expect(decodeCursor(encodeCursor("customer", "asc", "अग्रवाल ट्रेडर्स", 7), "customer", "asc").value).toBe("अग्रवाल ट्रेडर्स");
  });

  it.each([
    ["another direction", encodeCursor("createdAt", "asc", "2026-03-31T08:30:00.123456Z", 42), "createdAt", "desc"],
    ["another sort", encodeCursor("billNumber", "asc", "INV-1", 42), "status", "asc"],
    ["a null for a column that has none", raw(["status", "asc", null, 3]), "status", "asc"],
    ["a number for a text column", raw(["status", "asc", 3, 3]), "status", "asc"],
    ["text for a number column", raw(["childCount", "asc", "3", 3]), "childCount", "asc"],
    ["a loose date", raw(["createdAt", "desc", "2026-03-31", 3]), "createdAt", "desc"],
    ["a fractional id", raw(["status", "asc", "new", 1.5]), "status", "asc"],
    ["a zero id", raw(["status", "asc", "new", 0]), "status", "asc"],
    ["an object", raw({ sort: "status" }), "status", "asc"],
    ["not JSON", Buffer.from("[status").toString("base64url"), "status", "asc"],
    ["not base64url", "abc+/=", "status", "asc"],
  ] as const)("refuses %s with 400 'Cursor is not valid.'", (_what, cursor, sort, dir) => {
    expect(refusal(() => decodeCursor(cursor, sort, dir))).toEqual({ status: 400, message: "Cursor is not valid." });
  });

  it("fits a long non-Latin customer name within the query's cursor limit", () => {
    const cursor = encodeCursor("customer", "asc", "अ".repeat(120), 2 ** 40);
    expect(PortalListQuery.safeParse({ cursor }).success).toBe(true);
  });
});

describe("the portal export's file name", () => {
  it("is the IST day of the download", () => {
    expect(portalExportFilename("xlsx", new Date("2026-03-31T19:00:00Z"))).toBe("tracetrack-bills-20260401.xlsx");
    expect(portalExportFilename("csv", new Date("2026-03-31T18:00:00Z"))).toBe("tracetrack-bills-20260331.csv");
  });
});
