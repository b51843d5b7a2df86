import { describe, expect, it } from "vitest";
import { HONEYPOT_NAME } from "@/components/auth/honeypot-field";
import { HONEYPOT_FIELD } from "@/lib/server/honeypot";
import { API_CSP, newNonce, pageCsp } from "@/lib/security-headers";

const directives = (csp: string) => new Map(csp.split("; ").map((d) => [d.split(" ")[0], d.split(" ").slice(1)]));

describe("the page Content-Security-Policy", () => {
  it("allows scripts only with this response's nonce (no inline, no eval) and forbids framing", () => {
    const csp = directives(pageCsp("abc123=="));
    expect(csp.get("script-src")).toEqual(["'self'", "'nonce-abc123=='", "'strict-dynamic'"]);
    expect(csp.get("script-src")).not.toContain("'unsafe-inline'");
    expect(csp.get("script-src")).not.toContain("'unsafe-eval'");
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(csp.get("object-src")).toEqual(["'none'"]);
    expect(csp.get("form-action")).toEqual(["'self'"]);
    expect(csp.get("default-src")).toEqual(["'self'"]);
  });

  it("adds eval and the reload websocket only for next dev", () => {
    expect(directives(pageCsp("n", true)).get("script-src")).toContain("'unsafe-eval'");
    expect(directives(pageCsp("n", true)).get("connect-src")).toContain("ws:");
    expect(directives(pageCsp("n", false)).get("connect-src")).toEqual(["'self'"]);
  });

  it("gives JSON answers a policy that runs and frames nothing", () => {
    expect(directives(API_CSP).get("default-src")).toEqual(["'none'"]);
    expect(directives(API_CSP).get("frame-ancestors")).toEqual(["'none'"]);
  });

  it("makes a fresh 128-bit nonce each time", () => {
    const a = newNonce();
    expect(Buffer.from(a, "base64")).toHaveLength(16);
    expect(newNonce()).not.toBe(a);
  });
});

describe("the honeypot field", () => {
  it("has the name the server checks", () => {
    expect(HONEYPOT_NAME).toBe(HONEYPOT_FIELD);
  });
});
