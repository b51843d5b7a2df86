import type { APIRequestContext } from "@playwright/test";
import { expect, test } from "./fixtures";
import { loginForm } from "./instances";

// Server actions called the way a script (not the page) can call them: the sign-in action by its
// id, with a body too large or of the wrong kind. Never a 500: a friendly 413 past what Next
// reads (proxy.ts, oversizedActionResponse), a typed failure below it (lib/server/action.ts).

const MB = 1024 * 1024;

/** The sign-in action's id, from the no-JavaScript fields of the /login form. */
async function loginActionId(request: APIRequestContext, base: string): Promise<string> {
  for (const [name, value] of Object.entries(await loginForm(request, base))) {
    if (name.startsWith("$ACTION_ID_")) return name.slice("$ACTION_ID_".length);
    if (/^\$ACTION_\d+:0$/.test(name)) return (JSON.parse(value) as { id: string }).id;
  }
  throw new Error("no action id on /login");
}

function callLogin(request: APIRequestContext, base: string, id: string, body: string) {
  return request.post("/login", {
    headers: { "next-action": id, "content-type": "text/plain;charset=UTF-8", origin: base, accept: "text/x-component" },
    data: body,
    maxRedirects: 0,
  });
}

test("a server action call over 1 MB gets the friendly 413, not a 500", async ({ request, baseURL }) => {
  const base = baseURL ?? "";
  const id = await loginActionId(request, base);
  for (const size of [2 * MB, 20 * MB]) {
    const res = await callLogin(request, base, id, JSON.stringify([{ ok: false }, "A".repeat(size)]));
    expect(res.status(), `${size / MB} MB`).toBe(413);
    expect(await res.text()).toContain("too large for this page (at most 1 MB)");
  }
});

test("JSON where the sign-in form belongs, or 100 kB of it, is a typed failure, not a 500", async ({ request, baseURL }) => {
  const base = baseURL ?? "";
  const id = await loginActionId(request, base);
  const json = await callLogin(request, base, id, JSON.stringify([{ ok: false }, { username: "admin", password: "x" }]));
  expect(json.status()).toBe(200);
  expect(await json.text()).toContain("invalid_request");
  const large = await callLogin(request, base, id, JSON.stringify([{ ok: false }, "A".repeat(100 * 1024)]));
  expect(large.status()).toBe(200);
  expect(await large.text()).toContain("payload_too_large");
});
