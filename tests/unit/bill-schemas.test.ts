import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  BillListFilters,
  BillSummaryRange,
  CreateBillInput,
  CreateBillJson,
  UpdateBillInput,
  normalizeBillNumber,
} from "@/lib/schemas/bills";

function fieldErrors(schema: z.ZodType, input: unknown): Record<string, string[] | undefined> {
  const r = schema.safeParse(input);
  if (r.success) throw new Error(`expected ${JSON.stringify(input)} to be refused`);
  return z.flattenError(r.error).fieldErrors as Record<string, string[] | undefined>;
}

describe("bill number", () => {
  it.each([
    ["  INV-2024-001  ", "INV-2024-001"],
    ["inv\u200b-7\r\n", "inv-7"],
    ["INV   2024\t/ 7", "INV 2024 / 7"],
    ["\ufeffGST/24-25/0042", "GST/24-25/0042"],
    ["a_b.c", "a_b.c"],
  ])("normalizes %j to %j", (raw, expected) => {
    expect(normalizeBillNumber(raw)).toBe(expected);
    expect(CreateBillInput.parse({ billNumber: raw, capacity: 1 }).billNumber).toBe(expected);
  });

  it.each([
    ["", "Enter a bill number."],
    ["   \u200b ", "Enter a bill number."],
    ["x".repeat(51), "at most 50"],
    ["x".repeat(10_000), "at most 50"],
    ["INV\u0000-1", "control characters"],
    ["INV\u001b[31m", "control characters"],
    ["INV#1", "letters, digits"],
    ["<script>", "letters, digits"],
    ["..", "start with a letter or digit"],
    ["-INV", "start with a letter or digit"],
    ["INV%2F1", "letters, digits"],
  ])("refuses %j", (raw, message) => {
    expect(fieldErrors(CreateBillInput, { billNumber: raw, capacity: 1 }).billNumber?.join(" ")).toContain(message);
  });

  it("refuses a bill number that is not text", () => {
    expect(fieldErrors(CreateBillInput, { billNumber: 42, capacity: 1 }).billNumber).toEqual(["Bill number must be text."]);
    expect(fieldErrors(CreateBillInput, { capacity: 1 }).billNumber).toEqual(["Enter a bill number."]);
  });
});

describe("capacity", () => {
  it.each([
    [1, 1],
    [500, 500],
    ["12", 12],
    [" 7 ", 7],
  ])("accepts %j as %i", (raw, expected) => {
    expect(CreateBillInput.parse({ billNumber: "B1", capacity: raw }).capacity).toBe(expected);
  });

  it.each([0, 501, -1, 1.5, "abc", "1.5", "1e2", "0x10", true, null, [5], {}, "0", "501"])("refuses %j", (raw) => {
    expect(fieldErrors(CreateBillInput, { billNumber: "B1", capacity: raw }).capacity).toEqual([
      "Capacity must be a whole number from 1 to 500.",
    ]);
  });

  it("asks for a capacity that is missing or blank", () => {
    for (const raw of [undefined, "", "  "]) {
      expect(fieldErrors(CreateBillInput, { billNumber: "B1", capacity: raw }).capacity).toEqual([
        "Enter the number of parent bags (1–500).",
      ]);
    }
  });

  it("leaves capacity unchanged in an edit that omits it or sends a blank field", () => {
    expect(UpdateBillInput.parse({ customer: "X" }).capacity).toBeUndefined();
    expect(UpdateBillInput.parse({ capacity: "" }).capacity).toBeUndefined();
  });
});

describe("optional details", () => {
  it("trims them and turns blanks into null", () => {
    expect(CreateBillInput.parse({ billNumber: "B1", capacity: 1, customer: "  Agro Traders ", vehicleNumber: "", description: null })).toEqual({
      billNumber: "B1",
      capacity: 1,
      customer: "Agro Traders",
      vehicleNumber: null,
      description: null,
    });
  });

  it("allows line breaks in the description only", () => {
    expect(CreateBillInput.parse({ billNumber: "B1", capacity: 1, description: "line 1\nline 2" }).description).toBe("line 1\nline 2");
    expect(fieldErrors(CreateBillInput, { billNumber: "B1", capacity: 1, customer: "a\nb" }).customer).toEqual([
      "Customer contains control characters.",
    ]);
  });

  it.each([
    ["description", "d".repeat(501), "at most 500"],
    ["customer", "c".repeat(121), "at most 120"],
    ["vehicleNumber", "v".repeat(21), "at most 20"],
    ["description", "bell\u0007", "control characters"],
    ["vehicleNumber", "MH12\u202eAB", "control characters"],
    ["customer", 12, "must be text"],
  ])("refuses %s = %j", (field, value, message) => {
    expect(fieldErrors(CreateBillInput, { billNumber: "B1", capacity: 1, [field]: value })[field]?.join(" ")).toContain(message);
  });

  it("names an unknown key in JSON but ignores it in a form", () => {
    expect(fieldErrors(CreateBillJson, { billNumber: "B1", capacity: 1, destination: "x" })).toEqual({});
    expect(CreateBillJson.safeParse({ billNumber: "B1", capacity: 1, destination: "x" }).success).toBe(false);
    expect(CreateBillInput.safeParse({ billNumber: "B1", capacity: 1, $ACTION_ID_1: "" }).success).toBe(true);
  });

  it("refuses a body that is not an object", () => {
    for (const body of [null, [], "B1", 7]) expect(CreateBillJson.safeParse(body).success).toBe(false);
  });
});

describe("list filters and report range", () => {
  it("keeps a clean bill-number prefix and drops bad values", () => {
    expect(BillListFilters.parse({ q: " inv-2\u200b ", status: "done", from: "2025-02-30", after: "junk", limit: "1000" })).toEqual({
      q: "INV-2",
      status: undefined,
      from: undefined,
      to: undefined,
      user: undefined,
      after: undefined,
      limit: undefined,
    });
  });

  it("refuses a report range that ends before it starts or spans more than a year", () => {
    expect(BillSummaryRange.safeParse({ from: "2025-04-02", to: "2025-04-01" }).success).toBe(false);
    expect(BillSummaryRange.safeParse({ from: "2024-01-01", to: "2025-01-01" }).success).toBe(false);
    expect(BillSummaryRange.safeParse({ from: "2024-01-01", to: "2024-12-31" }).success).toBe(true);
  });
});
