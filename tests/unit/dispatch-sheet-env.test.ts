import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "@/lib/server/env";

function problems(source: Record<string, string | undefined>): string[] {
  try {
    parseEnv(source);
    return [];
  } catch (err) {
    if (err instanceof EnvError) return err.problems;
    throw err;
  }
}

describe("COMPANY_* (the dispatch sheet's company header)", () => {
  it("defaults the name to TraceTrack and leaves address, GSTIN and phone out", () => {
    const env = parseEnv({});
    expect([env.COMPANY_NAME, env.COMPANY_ADDRESS, env.COMPANY_GSTIN, env.COMPANY_PHONE]).toEqual(["TraceTrack", undefined, undefined, undefined]);
    expect(parseEnv({ COMPANY_NAME: "   ", COMPANY_ADDRESS: "" }).COMPANY_NAME).toBe("TraceTrack");
  });

  it("trims each value and folds its whitespace, newlines included, to single spaces", () => {
    const env = parseEnv({
      COMPANY_NAME: "  Shree   Agro Traders ",
      COMPANY_ADDRESS: "12 Mandi Road,\n  Kanpur 208001 ",
      COMPANY_GSTIN: " 09AAACT1234F1Z5 ",
      COMPANY_PHONE: " +91 98390 12345 ",
    });
    expect([env.COMPANY_NAME, env.COMPANY_ADDRESS, env.COMPANY_GSTIN, env.COMPANY_PHONE]).toEqual([
      "Shree Agro Traders",
      "12 Mandi Road, Kanpur 208001",
      "09AAACT1234F1Z5",
      "+91 98390 12345",
    ]);
  });

  it("refuses a malformed GSTIN or phone and an overlong name, naming each variable", () => {
    expect(problems({ COMPANY_GSTIN: "09AAACT1234F1Z", COMPANY_PHONE: "call us", COMPANY_NAME: "N".repeat(101) })).toEqual([
      "COMPANY_NAME must be at most 100 characters",
      "COMPANY_GSTIN must be a 15-character GSTIN such as 09AAACT1234F1Z5",
      "COMPANY_PHONE must be a phone number (digits, spaces, + ( ) -)",
    ]);
    expect(problems({ COMPANY_GSTIN: "09aaact1234f1z5" })).toHaveLength(1);
    expect(problems({ COMPANY_ADDRESS: "A".repeat(201) })).toEqual(["COMPANY_ADDRESS must be at most 200 characters"]);
  });
});
