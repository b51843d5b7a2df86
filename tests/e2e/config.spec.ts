import { expect, test } from "@playwright/test";
import { spawn } from "node:child_process";

test("a missing AUTH_SECRET in production stops the server with a message naming it", async () => {
  test.setTimeout(60_000);
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", PGLITE_DIR: ".data/e2e-config" };
  delete env.AUTH_SECRET;
  const server = spawn("./node_modules/.bin/next", ["start", "-p", "3199"], { env });
  let output = "";
  server.stdout.on("data", (d: Buffer) => (output += d.toString()));
  server.stderr.on("data", (d: Buffer) => (output += d.toString()));
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => {
      server.kill("SIGKILL");
      resolve(null);
    }, 45_000);
    server.on("exit", (c: number | null) => {
      clearTimeout(timer);
      resolve(c);
    });
  });
  expect(code, output).toBe(1);
  expect(output).toContain("AUTH_SECRET is required in production");
});
