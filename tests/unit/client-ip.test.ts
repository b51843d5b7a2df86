import { once } from "node:events";
import { createServer, request, Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { clientIp, installForwardedForHook, normaliseIp } from "@/lib/server/client-ip";

function xff(value?: string): Headers {
  return new Headers(value === undefined ? {} : { "x-forwarded-for": value });
}

describe("normaliseIp", () => {
  it.each([
    ["203.0.113.7", "203.0.113.7"],
    [" 203.0.113.7 ", "203.0.113.7"],
    ["203.0.113.7:51234", "203.0.113.7"],
    ["::ffff:203.0.113.7", "203.0.113.7"],
    ["[2001:DB8::1]:443", "2001:db8::1"],
    ["fe80::1%eth0", "fe80::1"],
    ["::1", "::1"],
    ["not-an-ip", null],
    ["<script>", null],
    ["999.1.1.1", null],
  ])("reads %j as %j", (raw, expected) => {
    expect(normaliseIp(raw)).toBe(expected);
  });
});

describe("clientIp with TRUST_PROXY off", () => {
  it("uses the address Next or the nearest proxy appended: the last entry", () => {
    expect(clientIp(xff("198.51.100.20"), false)).toBe("198.51.100.20");
    expect(clientIp(xff("10.9.9.9, 198.51.100.20"), false)).toBe("198.51.100.20");
  });

  it("keeps the same key while a client rotates a forged X-Forwarded-For", () => {
    const keys = new Set(
      Array.from({ length: 50 }, (_, i) => clientIp(xff(`10.0.${i}.${i}, 172.16.0.${i}, 198.51.100.20`), false)),
    );
    expect([...keys]).toEqual(["198.51.100.20"]);
  });

  it("never falls back to entries further left when the last one is garbage", () => {
    expect(clientIp(xff("203.0.113.9, garbage"), false)).toBe("unknown");
    expect(clientIp(xff(), false)).toBe("unknown");
    expect(clientIp(xff(" , "), false)).toBe("unknown");
  });
});

describe("clientIp with TRUST_PROXY on", () => {
  it("takes the left-most valid address the proxy wrote", () => {
    expect(clientIp(xff("203.0.113.7, 10.0.0.1"), true)).toBe("203.0.113.7");
    expect(clientIp(xff("unknown, 203.0.113.7, 10.0.0.1"), true)).toBe("203.0.113.7");
    expect(clientIp(xff("[2001:db8::5]:1234"), true)).toBe("2001:db8::5");
    expect(clientIp(xff(), true)).toBe("unknown");
  });
});

describe("installForwardedForHook", () => {
  let uninstall: (() => void) | undefined;
  afterEach(() => uninstall?.());

  async function seenForwardedFor(forged?: string): Promise<string | undefined> {
    const server = createServer((req, res) => res.end(String(req.headers["x-forwarded-for"])));
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const { port } = server.address() as AddressInfo;
    try {
      return await new Promise((resolve, reject) => {
        const req = request({ port, host: "127.0.0.1", headers: forged ? { "x-forwarded-for": forged } : {} }, (res) => {
          let body = "";
          res.on("data", (c: Buffer) => (body += c.toString()));
          res.on("end", () => resolve(body));
        });
        req.on("error", reject);
        req.end();
      });
    } finally {
      server.close();
    }
  }

  it("appends the socket address, so a directly connected client cannot choose its key", async () => {
    uninstall = installForwardedForHook(Server);
    const seen = await seenForwardedFor("1.2.3.4");
    expect(seen).toBe("1.2.3.4, 127.0.0.1");
    expect(clientIp(xff(seen), false)).toBe("127.0.0.1");
    expect(await seenForwardedFor()).toBe("127.0.0.1");
  });

  it("is idempotent and can be removed", async () => {
    uninstall = installForwardedForHook(Server);
    const again = installForwardedForHook(Server);
    again();
    expect(await seenForwardedFor("1.2.3.4")).toBe("1.2.3.4, 127.0.0.1");
    uninstall();
    uninstall = undefined;
    expect(await seenForwardedFor("1.2.3.4")).toBe("1.2.3.4");
  });
});
