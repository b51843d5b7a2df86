import { describe, expect, it, vi } from "vitest";
import { RateLimitError } from "@/lib/server/errors";
import { apiAccountKey } from "@/lib/server/rate-limit/api-limit";
import { enforceLimit } from "@/lib/server/rate-limit/limiter";
import { withErrors } from "@/lib/server/route";

// Every JSON route is wrapped in withErrors, which counts the request against the `api` limit
// first; the limiter itself is tested in tests/db/rate-limit.test.ts.
vi.mock("@/lib/server/rate-limit/limiter", () => ({ enforceLimit: vi.fn(async () => undefined) }));

const request = (headers: Record<string, string>) => new Request("http://tracetrack.test/api/stats", { headers });

describe("the API rate limit", () => {
  it("keys on a hash of the bearer token or session cookie, never the credential itself", () => {
    const bearer = apiAccountKey(request({ authorization: "Bearer secret-token-1" }));
    const cookie = apiAccountKey(request({ cookie: "theme=dark; authjs.session-token=abc123; x=1" }));
    expect(bearer).toMatch(/^[0-9a-f]{32}$/);
    expect(bearer).not.toContain("secret");
    expect(cookie).not.toBe(bearer);
    expect(apiAccountKey(request({ cookie: "__Secure-authjs.session-token=abc123" }))).toBe(cookie);
    expect(apiAccountKey(request({}))).toBeNull();
  });

  it("counts each JSON request per client address and credential before the handler runs", async () => {
    const handler = vi.fn(async (req: Request) => Response.json({ path: new URL(req.url).pathname }));
    const res = await withErrors(handler)(request({ "x-forwarded-for": "198.51.100.7, 203.0.113.5", cookie: "authjs.session-token=abc123" }));
    expect(res.status).toBe(200);
    // TRUST_PROXY is off: the last X-Forwarded-For entry, not the one the client wrote.
    expect(enforceLimit).toHaveBeenCalledWith("api", { ip: "203.0.113.5", account: apiAccountKey(request({ cookie: "authjs.session-token=abc123" })) });
  });

  it("answers 429 with Retry-After and the JSON error shape when over the limit, without running the handler", async () => {
    vi.mocked(enforceLimit).mockRejectedValueOnce(new RateLimitError(42));
    const handler = vi.fn(async (req: Request) => Response.json({ path: new URL(req.url).pathname }));
    const res = await withErrors(handler)(request({}));
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("42");
    expect(await res.json()).toEqual({ error: { code: "rate_limited", message: expect.stringContaining("Too many requests") } });
    expect(handler).not.toHaveBeenCalled();
  });
});
