import bcrypt from "bcryptjs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { SessionUser } from "@/lib/server/auth/session";
import { ACTIONS, PAGES, ROUTES, type Method } from "../authz-manifest";
import { setupTestDb, truncateAll } from "../support/db";
import { makeUser } from "../support/factories";

// Every route, server action and page of the authz manifest, called with hostile input: NUL and
// other control characters, lone surrogates, bad %-escapes and invalid UTF-8, 1 MB strings,
// wrong JSON types and non-JSON bodies. Nothing may answer 5xx, throw, or log an unexpected
// error; JSON routes answer {error:{code,message}}. A new manifest entry is swept automatically.

const state = vi.hoisted(() => ({ user: null as SessionUser | null, path: "/" }));
vi.mock("next/headers", () => ({
  headers: async () =>
    new Headers({ "x-forwarded-for": "198.51.100.7", "x-request-id": "fuzz-sweep", "user-agent": "vitest", "x-tracetrack-path": state.path }),
  cookies: async () => ({ get: () => undefined, has: () => false, getAll: () => [], set: () => undefined, delete: () => undefined }),
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));
vi.mock("@/lib/server/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/server/auth/session")>()),
  getCurrentUser: async () => state.user,
  peekCurrentSession: async () => state.user,
}));
// Rate limits and bcrypt's cost have their own tests; here every hostile call must get past the
// limits to the schema and the verb (where a 500 would come from), and quickly.
vi.mock("@/lib/server/rate-limit/limiter", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/server/rate-limit/limiter")>()),
  checkLimit: async () => ({ ok: true }),
  enforceLimit: async () => undefined,
}));
vi.mock("@/lib/server/users/passwords", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/server/users/passwords")>();
  const dummy = bcrypt.hashSync("fuzz-dummy", 4);
  return { ...real, hashPassword: (p: string) => bcrypt.hash(p, 4), burnPasswordCheck: async (p: string) => void (await bcrypt.compare(p, dummy)) };
});
delete process.env.REDIS_URL;

const db = setupTestDb();
const APP = path.join(import.meta.dirname, "../../app");
const ORIGIN = "http://localhost";
const MB = 1024 * 1024;

/** Strings no field, filter or path segment should choke on. */
const HOSTILE_TEXT: Record<string, string> = {
  nul: "a\u0000b",
  "only nul": "\u0000",
  "C0, DEL and C1": "x\u0001\u001b\u007f\u0085y",
  "tab and newline": "a\tb\nc\r",
  "lone high surrogate": "\ud800",
  "lone low surrogate": "x\udc00y",
  "bidi override": "\u202eabc",
  "zero width": "\u200b\ufeff",
  "1 MB": "A".repeat(MB),
  "percent escapes": "%00%ZZ%E0%A4%A",
  "dot segments": "../../etc/passwd",
  "SQL and LIKE": "' or 1=1 --%_\\",
  "impossible instant": "2026-02-30T25:61:00.000000Z_999999999999999",
  "year zero": "0000-01-01",
};
/** Values of the wrong JSON type. */
const WRONG_TYPES: Record<string, unknown> = {
  zero: 0,
  negative: -1,
  huge: 1e308,
  fraction: 2.5,
  true: true,
  null: null,
  "empty array": [],
  array: ["SB00001"],
  "empty object": {},
  nested: { a: { b: { c: [1, { d: "\u0000" }] } } },
};

/** Query keys the app's list filters read (a key a page or route ignores costs one call). */
const QUERY_KEYS = ["q", "user", "action", "entityType", "entityId", "ip", "from", "to", "after", "limit", "status", "type", "area", "linked", "billed", "next", "deleted", "expired"];
/** Body fields tried on every route besides those its schema asks for. */
const KNOWN_FIELDS = ["qr", "parentQr", "billNumber", "capacity", "customer", "vehicleNumber", "description", "area"];
/** Plausible values, so one hostile field at a time gets past the others. */
const PLAUSIBLE: Record<string, unknown> = { qr: "SB00001", parentQr: "SB00001", billNumber: "FUZZ-1", capacity: 2 };

/** encodeURIComponent refuses lone surrogates; a browser sends them as U+FFFD. */
const encode = (value: string) => encodeURIComponent(value.toWellFormed());
const isControlFlow = (err: unknown) => /^NEXT_(REDIRECT|HTTP_ERROR_FALLBACK)/.test(String((err as { digest?: unknown } | null)?.digest ?? ""));
const dynamicNames = (file: string) => file.split("/").flatMap((s) => (/^\[[^.]/.test(s) ? [s.slice(1, -1)] : []));

/** Runs `work` over `items`, a few at a time (the sweep waits on deliberate answer floors). */
async function inPool<T>(items: readonly T[], work: (item: T) => Promise<void>, size = 8): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: size }, worker));
}

let unexpected: string[] = [];
let admin: Awaited<ReturnType<typeof makeUser>>;
let errorSpy: ReturnType<typeof vi.spyOn> | undefined;

function signIn(principal: "admin" | "anonymous") {
  state.user =
    principal === "anonymous"
      ? null
      : {
          ...admin,
          totpEnabled: true,
          mustChangePassword: false,
          sessionToken: `token-${admin.id}`,
          sessionCreatedAt: new Date(),
          sessionExpiresAt: new Date(Date.now() + 30 * 60_000),
        };
}

beforeAll(async () => {
  await truncateAll(db());
  admin = await makeUser(db().db, "admin");
  // toErrorBody logs what it maps to 500; so would a page's failed query.
  errorSpy = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    unexpected.push(args.map((a) => (a instanceof Error ? `${a.name}: ${a.message}` : String(a))).join(" ").slice(0, 300));
  });
});
afterAll(() => errorSpy?.mockRestore());

function expectClean(failures: string[]) {
  const logged = unexpected;
  unexpected = [];
  expect(failures).toEqual([]);
  expect(logged, "logged as unexpected").toEqual([]);
}

// ---- routes ---------------------------------------------------------------------------------

type Handler = (req: Request, segment: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** What a handler read of the requests it was given: its URL (for the query) and its body. */
const seen = { url: false, body: false };
class WatchedRequest extends Request {
  override get url(): string {
    seen.url = true;
    return super.url;
  }
  override get body(): Request["body"] {
    seen.body = true;
    return super.body;
  }
}
interface RouteCall {
  label: string;
  url: string;
  params: Record<string, string>;
  body?: BodyInit;
  headers?: Record<string, string>;
}

async function problemsOf(file: string, handler: Handler, method: Method, call: RouteCall): Promise<string[]> {
  const init: RequestInit = { method, headers: { "content-type": "application/json", ...call.headers } };
  // A stream body needs `duplex` in Node's fetch; RequestInit's type does not list it.
  if (call.body !== undefined && method !== "GET") Object.assign(init, { body: call.body, duplex: "half" });
  let res: Response;
  try {
    res = await handler(new WatchedRequest(call.url, init), { params: Promise.resolve(call.params) });
  } catch (err) {
    return [`${call.label}: threw ${String(err).slice(0, 200)}`];
  }
  const body = await res.text();
  if (res.status >= 500) return [`${call.label}: ${res.status} ${body.slice(0, 200)}`];
  if (res.status < 400) return [];
  if (!file.startsWith("api/") && !res.headers.get("content-type")?.includes("json")) return [];
  try {
    const { error } = JSON.parse(body) as { error?: { code?: unknown; message?: unknown } };
    if (typeof error?.code === "string" && typeof error.message === "string") return [];
  } catch {
    // not JSON: reported below
  }
  return [`${call.label}: ${res.status} without the error shape: ${body.slice(0, 120)}`];
}

/** The body fields a route reads: those its schema asks for when sent {}, and the known ones it does not refuse as unknown. */
async function fieldsOf(handler: Handler, method: Method, url: string, params: Record<string, string>): Promise<string[]> {
  const answer = async (body: unknown) => {
    const res = await handler(new WatchedRequest(url, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) }), {
      params: Promise.resolve(params),
    });
    return res.text();
  };
  let asked: string[] = [];
  try {
    asked = Object.keys((JSON.parse(await answer({})) as { error?: { fields?: object } }).error?.fields ?? {});
  } catch {
    asked = [];
  }
  const fields = asked.filter((f) => f !== "input" && !(f in params));
  for (const field of KNOWN_FIELDS) {
    if (fields.includes(field) || field in params) continue;
    if (!/unrecognized key/i.test(await answer({ [field]: "x" }))) fields.push(field);
  }
  return fields;
}

const routeCases = Object.entries(ROUTES).flatMap(([file, methods]) => Object.keys(methods).map((method) => ({ file, method: method as Method })));

describe("every route × hostile input", () => {
  it.each(routeCases)("$method $file answers no 5xx, and errors in the JSON shape", async ({ file, method }) => {
    const handler = ((await import(path.join(APP, file))) as Record<string, Handler>)[method];
    if (!handler) throw new Error(`${file} has no ${method}`);
    signIn("admin");
    const names = dynamicNames(file);
    const sample: Record<string, string> = Object.fromEntries(names.map((n) => [n, "SAMPLE-1"]));
    // The manifest's URL with each dynamic segment filled in (file and URL segments line up).
    const segments = file.split("/").filter((s) => s !== "route.ts" && !/^\(.*\)$/.test(s));
    const urlOf = (params: Record<string, string>, query = "") => {
      const parts = (ROUTES[file]?.[method]?.path ?? "/").split("/").slice(1);
      segments.forEach((s, i) => {
        const name = /^\[([^.].*)\]$/.exec(s)?.[1];
        if (name) parts[i] = encode(params[name] ?? "");
      });
      return `${ORIGIN}/${parts.join("/")}${query}`;
    };
    // A route that reads neither its query nor its body gets one hostile call of each, not all.
    const failures: string[] = [];
    const json = '{"qr": "a\\u0000b", "billNumber": "a\\u0000b"}';
    Object.assign(seen, { url: false, body: false });
    failures.push(...(await problemsOf(file, handler, method, { label: "query and body with NUL", url: urlOf(sample, "?q=a%00b&user=a%00b"), params: sample, body: json })));
    const { url: readsQuery, body: readsBody } = seen;
    const calls: RouteCall[] = [];
    for (const [label, value] of readsQuery ? Object.entries(HOSTILE_TEXT) : []) {
      // One 1 MB value per URL is plenty (a real server refuses a request line past 16 kB).
      const keys = label === "1 MB" ? ["q"] : QUERY_KEYS;
      calls.push({ label: `query all=${label}`, url: urlOf(sample, `?${new URLSearchParams(keys.map((k) => [k, value]))}`), params: sample, body: "{}" });
    }
    if (readsQuery) calls.push({ label: "query all=invalid UTF-8", url: urlOf(sample, `?${QUERY_KEYS.map((k) => `${k}=%FF%FE`).join("&")}`), params: sample, body: "{}" });
    if (readsQuery && method === "GET") for (const key of QUERY_KEYS) calls.push({ label: `query ${key}=NUL`, url: urlOf(sample, `?${key}=a%00b`), params: sample });
    // Path segments reach a handler as sent (%-escapes and all): raw, encoded and malformed.
    for (const name of names) {
      for (const [label, value] of Object.entries({ ...HOSTILE_TEXT, "bad escape": "%ZZ", "cut escape": "%E0%A4%A" })) {
        for (const sent of [value, encode(value)]) calls.push({ label: `path ${name}=${label}`, url: urlOf({ ...sample, [name]: value }), params: { ...sample, [name]: sent }, body: "{}" });
      }
    }
    if (readsBody) {
      const url = urlOf(sample);
      const raw: Record<string, BodyInit> = {
        empty: "",
        "not JSON": "not json",
        "cut JSON": '{"qr": "SB0',
        "invalid UTF-8": new Uint8Array([0x7b, 0x22, 0x71, 0x72, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x00, 0x22, 0x7d]),
        "escaped lone surrogates": '{"qr": "\\ud800", "parentQr": "\\udc00", "billNumber": "\\ud800", "customer": "\\udc00"}',
        "escaped NUL": '{"qr": "\\u0000", "parentQr": "\\u0000", "billNumber": "\\u0000", "customer": "\\u0000"}',
        number: "5",
        null: "null",
        array: "[]",
        string: '"SB00001"',
        "prototype keys": '{"__proto__": {"isAdmin": true}, "constructor": {"prototype": {}}}',
        "30k-deep nesting": `${"[".repeat(30_000)}${"]".repeat(30_000)}`,
        "2 MB": JSON.stringify({ qr: "A".repeat(2 * MB) }),
        "20 MB streamed": new Blob([new Uint8Array(20 * MB).fill(0x41)]).stream(),
      };
      for (const [label, body] of Object.entries(raw)) calls.push({ label: `body ${label}`, url, params: sample, body });
      calls.push({ label: "body as text/plain", url, params: sample, body: '{"qr":"SB00001"}', headers: { "content-type": "text/plain" } });
      calls.push({ label: "body as a form", url, params: sample, body: "qr=SB00001", headers: { "content-type": "application/x-www-form-urlencoded" } });
      // Each field the route reads gets every hostile value while the others stay plausible.
      const fields = await fieldsOf(handler, method, url, sample);
      const base = Object.fromEntries(fields.filter((f) => f in PLAUSIBLE).map((f) => [f, PLAUSIBLE[f]]));
      for (const field of fields) {
        for (const [label, value] of Object.entries({ ...HOSTILE_TEXT, ...WRONG_TYPES, "60 kB": "B".repeat(60 * 1024) })) {
          if (label !== "1 MB") calls.push({ label: `field ${field}=${label}`, url, params: sample, body: JSON.stringify({ ...base, [field]: value }) });
        }
      }
    }
    await inPool(calls, async (call) => void failures.push(...(await problemsOf(file, handler, method, call))));
    expectClean(failures);
  });
});

// ---- server actions -------------------------------------------------------------------------

type Action = (...args: unknown[]) => Promise<unknown>;

/** What a hand-made request can make a server action receive instead of what its page sends. */
const WRONG_ARGS: Record<string, () => unknown> = {
  ...Object.fromEntries(Object.entries(WRONG_TYPES).map(([label, value]) => [label, () => value])),
  undefined: () => undefined,
  NaN: () => Number.NaN,
  bigint: () => 10n,
  "invalid date": () => new Date(Number.NaN),
  map: () => new Map([["username", "admin"]]),
  blob: () => new Blob(["SB00001"]),
  "a JSON object instead of FormData": () => ({ username: "admin", password: "x", code: "123456", billNumber: "FUZZ-1", capacity: "2" }),
  "2 MB string": () => "A".repeat(2 * MB),
  "20 MB string": () => "A".repeat(20 * MB),
  "100k-element array": () => Array.from({ length: 100_000 }, () => "SB00001"),
  "10k-deep nesting": () => {
    let value: unknown = "x";
    for (let i = 0; i < 10_000; i++) value = [value];
    return value;
  },
  "self-reference": () => {
    const value: Record<string, unknown> = { a: "x" };
    value.self = value;
    return value;
  },
};

function withField(form: FormData, name: string, value: string | Blob): FormData {
  const copy = new FormData();
  for (const [k, v] of form) copy.append(k, v);
  copy.set(name, value);
  return copy;
}

/** The manifest's plausible call, one argument (or form field) at a time made hostile. */
function hostileCalls(args: unknown[]): Array<{ label: string; args: unknown[] }> {
  const calls = [
    { label: "no arguments", args: [] as unknown[] },
    { label: "extra arguments", args: [...args, "extra", { extra: true }] },
  ];
  const at = (i: number, value: unknown) => args.map((a, j) => (j === i ? value : a));
  args.forEach((arg, i) => {
    for (const [label, make] of Object.entries(WRONG_ARGS)) calls.push({ label: `argument ${i}: ${label}`, args: at(i, make()) });
    if (typeof arg === "string") for (const [label, value] of Object.entries(HOSTILE_TEXT)) calls.push({ label: `argument ${i}: ${label}`, args: at(i, value) });
    if (!(arg instanceof FormData)) return;
    for (const name of new Set(arg.keys())) {
      for (const [label, value] of Object.entries(HOSTILE_TEXT)) calls.push({ label: `field ${name}: ${label}`, args: at(i, withField(arg, name, value)) });
      calls.push({ label: `field ${name}: a file`, args: at(i, withField(arg, name, new File(["x"], "x.txt"))) });
      calls.push({ label: `field ${name}: 20 MB`, args: at(i, withField(arg, name, "A".repeat(20 * MB))) });
    }
    calls.push({ label: "a field named NUL", args: at(i, withField(arg, "\u0000", "x")) });
  });
  return calls;
}

const actionCases = Object.entries(ACTIONS).flatMap(([file, actions]) =>
  Object.entries(actions).flatMap(([name, entry]) => [
    { file, name, entry, principal: "admin" as const },
    ...(entry.public ? [{ file, name, entry, principal: "anonymous" as const }] : []),
  ]),
);

describe("every server action × hostile arguments", () => {
  it.each(actionCases)("$file $name ($principal) answers a typed failure, never an error", async ({ file, name, entry, principal }) => {
    const action = ((await import(path.join(APP, file))) as Record<string, Action>)[name];
    if (!action) throw new Error(`${file} has no ${name}`);
    signIn(principal);
    const failures: string[] = [];
    await inPool(hostileCalls(entry.args()), async (call) => {
      try {
        const answer = (await action(...call.args)) as { ok?: unknown; code?: unknown; message?: unknown } | null;
        if (answer?.ok === false && (typeof answer.code !== "string" || typeof answer.message !== "string")) failures.push(`${call.label}: failure without code and message`);
        if (answer?.code === "internal_error") failures.push(`${call.label}: internal_error`);
      } catch (err) {
        if (!isControlFlow(err)) failures.push(`${call.label}: threw ${String(err).slice(0, 200)}`);
      }
    });
    expectClean(failures);
  });
});

// ---- pages ----------------------------------------------------------------------------------

type Props = { params: Promise<Record<string, string>>; searchParams: Promise<Record<string, string | string[]>> };
type Page = (props: Props) => Promise<unknown>;

const pageCases = Object.entries(PAGES).flatMap(([file, entry]) => [
  { file, entry, principal: "admin" as const },
  ...(entry.allow.includes("anonymous") ? [{ file, entry, principal: "anonymous" as const }] : []),
]);

describe("every page × hostile path segments and query filters", () => {
  it.each(pageCases)("$file ($principal) renders or redirects, never fails", async ({ file, entry, principal }) => {
    const page = ((await import(path.join(APP, file))) as { default: Page }).default;
    signIn(principal);
    state.path = entry.path;
    const names = dynamicNames(file);
    const sample = Object.fromEntries(names.map((n) => [n, "SAMPLE-1"]));
    // A page that never reads its query (or path) is not called again with hostile ones.
    const read = { search: false, params: false };
    function watched<T>(value: T, key: keyof typeof read): Promise<T> {
      const promise = Promise.resolve(value);
      return Object.assign(Object.create(promise) as Promise<T>, {
        then: (...args: Parameters<Promise<T>["then"]>) => ((read[key] = true), promise.then(...args)),
      });
    }
    const failures: string[] = [];
    const render = async (label: string, params: Record<string, string>, search: Record<string, string | string[]>) => {
      try {
        await page({ params: watched(params, "params"), searchParams: watched(search, "search") });
      } catch (err) {
        if (!isControlFlow(err)) failures.push(`${label}: threw ${String(err).slice(0, 200)}`);
      }
    };
    await render("plain", sample, {});
    const calls: Array<[string, Record<string, string>, Record<string, string | string[]>]> = [];
    if (read.search) {
      for (const [label, value] of Object.entries(HOSTILE_TEXT)) calls.push([`query all=${label}`, sample, Object.fromEntries(QUERY_KEYS.map((k) => [k, value]))]);
      calls.push(["query all repeated", sample, Object.fromEntries(QUERY_KEYS.map((k) => [k, ["a\u0000b", "x"]]))]);
      for (const key of QUERY_KEYS) calls.push([`query ${key}=NUL`, sample, { [key]: "a\u0000b" }]);
    }
    if (read.params) {
      for (const n of names) {
        for (const [label, value] of Object.entries({ ...HOSTILE_TEXT, "bad escapes": "%ZZ%E0%A4%A" })) {
          calls.push([`path ${n}=${label}`, { ...sample, [n]: value }, {}], [`path ${n}=encoded ${label}`, { ...sample, [n]: encode(value) }, {}]);
        }
      }
    }
    await inPool(calls, ([label, params, search]) => render(label, params, search));
    expectClean(failures);
  });
});
