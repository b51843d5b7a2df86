import { describe, expect, it } from "vitest";
import { noBagMessage, noBillMessage, segmentAfter } from "@/lib/not-found";
import { normalizeQr } from "@/lib/qr";
import { normalizeBillNumber } from "@/lib/schemas/bills";

// The bag and bill pages' not-found screens read the QR or number from the URL and word it as
// the JSON 404s do.
describe("not-found wording from the URL", () => {
  it("reads the decoded segment after the named one, for the page and its sub-pages", () => {
    expect(segmentAfter("/bags/SB12345", "bags")).toBe("SB12345");
    expect(segmentAfter("/bills/GST%2F24-25%2F1/print", "bills")).toBe("GST/24-25/1");
    expect(segmentAfter("/bills/%E0%A4%A", "bills")).toBe("%E0%A4%A");
    expect(segmentAfter("/bills", "bills")).toBe("");
  });

  it("names the bag and the bill as they were asked for", () => {
    expect(noBagMessage(normalizeQr(segmentAfter("/bags/sb12345", "bags")))).toBe("No bag SB12345 was found.");
    expect(noBillMessage(normalizeBillNumber(segmentAfter("/bills/%20B-1%20", "bills")))).toBe('No bill "B-1" was found.');
    expect(noBagMessage("X".repeat(40))).toHaveLength(`No bag ${"X".repeat(24)}… was found.`.length);
    expect(noBillMessage("B\u0007".repeat(40))).toMatch(/^No bill "[\x20-\x7e]{51}" was found\.$/);
  });
});
