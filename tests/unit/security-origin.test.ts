import { describe, expect, it } from "vitest";
import { requestHost } from "@/lib/server/client-ip";
import { assertSameOrigin, isSameOrigin } from "@/lib/server/http";

// The CSRF rule of the JSON routes (DESIGN.md §5): a mutation's Origin, when sent, is this site's.
// The site is the request URL's origin or the Host the client addressed; a proxy's
// X-Forwarded-Host counts only when TRUST_PROXY says a proxy sets it.

const APP = "http://192.168.1.20:3000";
function request(method: string, headers: Record<string, string>): Request {
  // Next builds route handlers' URLs from the host it listens on, not from the Host header.
  return new Request("http://localhost:3000/api/bills/B-1", { method, headers: { host: "192.168.1.20:3000", ...headers } });
}
const refusal = { status: 403, code: "bad_origin" };

describe("the Origin rule for mutations", () => {
  it.each(["POST", "PUT", "PATCH", "DELETE"])("refuses a %s from another site, an opaque origin or a malformed one", (method) => {
    for (const origin of ["https://evil.example", "null", "not a url", "http://192.168.1.20:3001"]) {
      expect(() => assertSameOrigin(request(method, { origin }), false), `${method} ${origin}`).toThrow(expect.objectContaining(refusal));
    }
  });

  it.each(["POST", "PUT", "PATCH", "DELETE"])("accepts a %s from this site, or from a client that is not a browser (no Origin)", (method) => {
    expect(() => assertSameOrigin(request(method, { origin: APP }), false)).not.toThrow();
    expect(() => assertSameOrigin(request(method, { origin: "http://localhost:3000" }), false)).not.toThrow();
    expect(() => assertSameOrigin(request(method, {}), false)).not.toThrow();
  });

  it("does not hold reads to it", () => {
    for (const method of ["GET", "HEAD", "OPTIONS"]) expect(() => assertSameOrigin(request(method, { origin: "https://evil.example" }), false)).not.toThrow();
  });
});

describe("X-Forwarded-Host", () => {
  const forged = { origin: "https://evil.example", "x-forwarded-host": "evil.example" };

  it("is ignored with TRUST_PROXY off: a client naming its own host does not make its origin ours", () => {
    expect(isSameOrigin(request("POST", forged), forged.origin, false)).toBe(false);
    expect(() => assertSameOrigin(request("DELETE", forged), false)).toThrow(expect.objectContaining(refusal));
    expect(requestHost(new Headers({ host: "app.example", "x-forwarded-host": "evil.example" }), false)).toBe("app.example");
  });

  it("is the addressed host with TRUST_PROXY on (its first entry), falling back to Host", () => {
    const viaProxy = { origin: "https://tracetrack.example.in", host: "127.0.0.1:3000", "x-forwarded-host": "tracetrack.example.in, internal" };
    expect(isSameOrigin(request("POST", viaProxy), viaProxy.origin, true)).toBe(true);
    expect(isSameOrigin(request("POST", viaProxy), viaProxy.origin, false)).toBe(false);
    expect(requestHost(new Headers({ host: "App.Example:8080" }), true)).toBe("app.example:8080");
    expect(requestHost(new Headers({}), true)).toBeNull();
  });
});
