import { describe, expect, it } from "vitest";
import { requestIdFor } from "@/lib/server/request-context";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const headers = (id?: string) => new Headers(id === undefined ? {} : { "x-request-id": id });

describe("requestIdFor (the id audit rows of JSON routes carry)", () => {
  it("mints a fresh UUID per request when there is no id", () => {
    const a = requestIdFor(headers(), false);
    const b = requestIdFor(headers(), true);
    expect(a).toMatch(UUID);
    expect(b).toMatch(UUID);
    expect(a).not.toBe(b);
  });

  it("ignores a client-sent id unless TRUST_PROXY says a proxy owns the headers", () => {
    expect(requestIdFor(headers("chosen-by-client"), false)).toMatch(UUID);
    expect(requestIdFor(headers("lb-7f3a:42"), true)).toBe("lb-7f3a:42");
  });

  it("refuses a forwarded id that is not a plain short token", () => {
    for (const bad of ["", "a b", "x".repeat(65), "<script>", "a,b"]) {
      expect(requestIdFor(headers(bad), true)).toMatch(UUID);
    }
  });
});
