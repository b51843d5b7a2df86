import { describe, expect, it } from "vitest";
import { formatIstDateTime, formatIstTime } from "@/lib/time";

describe("IST clock formatting", () => {
  // 18:40 UTC is 00:10 IST the next day. Node's ICU gives en-IN with `hour12: false` the "h24"
  // cycle (24:10) while Chromium gives "h23" (00:10): a page rendered on the server then failed
  // to hydrate for the first hour of every IST day.
  it("writes the first hour after midnight as 00, the way the browser does", () => {
    expect(formatIstTime("2026-11-30T18:40:00Z")).toBe("00:10");
    expect(formatIstDateTime("2026-11-30T18:40:00Z")).toBe("01 Dec 2026, 00:10");
  });

  it("keeps the rest of the day on the 24-hour clock", () => {
    expect(formatIstTime("2026-11-30T06:30:00Z")).toBe("12:00");
    expect(formatIstTime("2026-11-30T18:29:00Z")).toBe("23:59");
  });
});
