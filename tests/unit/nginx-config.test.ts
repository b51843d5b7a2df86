import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../support/ports";

// deploy/nginx.conf (compose.yaml's proxy, issue 20) run in Debian's real nginx: the file itself,
// with only the instances' addresses and the listen port put in. Two stand-in instances answer
// with their name and the headers nginx gave them. Without nginx this file is skipped outside CI
// and fails in CI (.ci/run installs nginx-light).

const NGINX = ["/usr/sbin/nginx", "/usr/bin/nginx"].find((p) => existsSync(p)) ?? "";
if (!NGINX && process.env.CI === "true") throw new Error("nginx is missing: .ci/run installs `nginx-light`; the proxy recipe must be tested in CI.");

interface Seen {
  instance: string;
  method: string;
  url: string;
  host?: string;
  forwardedFor?: string;
  forwardedHost?: string;
  forwardedProto?: string;
  body: string;
}

function standIn(instance: string): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const seen: Seen = {
        instance,
        method: req.method ?? "",
        url: req.url ?? "",
        host: req.headers.host,
        forwardedFor: req.headers["x-forwarded-for"] as string | undefined,
        forwardedHost: req.headers["x-forwarded-host"] as string | undefined,
        forwardedProto: req.headers["x-forwarded-proto"] as string | undefined,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify(seen));
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

const portOf = (server: http.Server) => (server.address() as AddressInfo).port;

describe.skipIf(!NGINX)("deploy/nginx.conf in a real nginx", () => {
  let app1: http.Server;
  let app2: http.Server;
  let nginx: ChildProcess;
  let dir: string;
  let base: string;

  beforeAll(async () => {
    app1 = await standIn("app1");
    app2 = await standIn("app2");
    const listen = await freePort();
    dir = mkdtempSync(path.join(tmpdir(), "tt-nginx-"));
    const site = readFileSync(path.join(import.meta.dirname, "../../deploy/nginx.conf"), "utf8");
    expect(site).toContain("server app1:3000");
    expect(site).toContain("listen 80;");
    const local = site
      .replaceAll("app1:3000", `127.0.0.1:${portOf(app1)}`)
      .replaceAll("app2:3000", `127.0.0.1:${portOf(app2)}`)
      .replace("listen 80;", `listen 127.0.0.1:${listen};`);
    writeFileSync(path.join(dir, "site.conf"), local);
    // The official image's main nginx.conf, reduced to what a non-root run in a temp dir needs.
    writeFileSync(
      path.join(dir, "nginx.conf"),
      `pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  include ${dir}/site.conf;
}
`,
    );
    const test = spawnSync(NGINX, ["-t", "-p", dir, "-c", path.join(dir, "nginx.conf")], { encoding: "utf8" });
    expect(test.status, test.stderr).toBe(0);
    nginx = spawn(NGINX, ["-p", dir, "-c", path.join(dir, "nginx.conf"), "-g", "daemon off; master_process off;"], { stdio: "ignore" });
    base = `http://127.0.0.1:${listen}`;
    // Up when it answers.
    for (let i = 0; i < 100; i += 1) {
      try {
        await fetch(`${base}/api/health/live`);
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    throw new Error(`nginx did not start: ${readFileSync(path.join(dir, "error.log"), "utf8")}`);
  });

  afterAll(async () => {
    nginx?.kill("SIGTERM");
    await Promise.all([app1, app2].map((s) => new Promise((r) => (s?.listening ? s.close(r) : r(undefined)))));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function send(pathname: string, init: RequestInit = {}): Promise<Seen> {
    const res = await fetch(base + pathname, init);
    expect(res.status).toBe(200);
    return (await res.json()) as Seen;
  }

  it("sends the stations' JSON routes to app1", async () => {
    const post = { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ qr: "SB10001" }) };
    for (const p of ["/api/scan/child", "/api/scan/parent", "/api/scan/undo", "/api/gate/scan", "/api/bills/INV-1/parents", "/api/bills/INV-1/check", "/api/returns/RTN-20261202-0001/bags"]) {
      const seen = await send(p, post);
      expect([p, seen.instance, seen.method, seen.body]).toEqual([p, "app1", "POST", JSON.stringify({ qr: "SB10001" })]);
    }
    for (const p of ["/api/stats", "/api/stats/activity", "/api/bag/SB10001", "/api/bills/INV-1/parents/SB10001"]) {
      expect([p, (await send(p)).instance]).toEqual([p, "app1"]);
    }
  });

  it("sends pages, server actions and the office's heavy routes to app2", async () => {
    for (const p of ["/", "/bags?type=parent", "/dashboard", "/bills/INV-1", "/scan", "/login", "/api/exports/bags.csv", "/api/imports", "/api/portal/bills", "/api/bills", "/api/bills/INV-1", "/api/returns", "/api/returns/RTN-1", "/api/reports/eod", "/api/health/live", "/api/bagged", "/api/scanner"]) {
      expect([p, (await send(p)).instance]).toEqual([p, "app2"]);
    }
    // A server action is a POST to the page's own path.
    expect((await send("/bills/INV-1", { method: "POST", body: "x" })).instance).toBe("app2");
  });

  it("overwrites X-Forwarded-For with the client's address and keeps the Host with its port", async () => {
    const seen = await send("/api/stats", { headers: { "x-forwarded-for": "203.0.113.9, 10.0.0.1" } });
    expect(seen.forwardedFor).toBe("127.0.0.1");
    expect(seen.host).toBe(new URL(base).host);
    expect(seen.forwardedHost).toBe(new URL(base).host);
    expect(seen.forwardedProto).toBe("http");
  });

  it("falls back to the other instance when one is down, a POST included", async () => {
    await new Promise((r) => app1.close(r));
    const seen = await send("/api/scan/child", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(seen.instance).toBe("app2");
    expect((await send("/api/stats")).instance).toBe("app2");
  });
});
