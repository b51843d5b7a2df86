import { eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { GET as getBag } from "@/app/api/bag/[qr]/route";
import { POST as childRoute } from "@/app/api/scan/child/route";
import { POST as parentRoute } from "@/app/api/scan/parent/route";
import { POST as undoRoute } from "@/app/api/scan/undo/route";
import { auditLog } from "@/db/schema";
import type { SessionUser } from "@/lib/server/auth/session";
import type { Actor } from "@/lib/server/service";
import { truncateAll, setupTestDb } from "../support/db";
import { sessionUserOf } from "../support/context";
import { makeUser } from "../support/factories";
import { countAll, truncateScanData } from "../support/scan";

// The real guards run; only who is signed in is replaced (the session is read from a cookie
// through next/headers, which a test has not got). The DB is real.
const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/server/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/server/auth/session")>()),
  getCurrentUser: async () => session.user,
  peekCurrentSession: async () => session.user,
}));

const db = setupTestDb();
const ORIGIN = "http://tracetrack.test";

let lucknow: Actor;
let indore: Actor;

function signIn(actor: Actor, extra: Partial<SessionUser> = {}): void {
  session.user = sessionUserOf(actor, extra);
}

// The scan routes have no path segments; Next still passes the (empty) segment context.
const NO_SEGMENTS = { params: Promise.resolve({}) };
const postParent = (req: Request) => parentRoute(req, NO_SEGMENTS);
const postChild = (req: Request) => childRoute(req, NO_SEGMENTS);
const postUndo = (req: Request) => undoRoute(req, NO_SEGMENTS);

function post(path: string, body: BodyInit | undefined, headers: Record<string, string> = { "content-type": "application/json" }) {
  return new Request(`${ORIGIN}${path}`, { method: "POST", headers, body });
}
const json = (value: unknown) => JSON.stringify(value);

async function answer(res: Response) {
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  await truncateAll(db());
  lucknow = await makeUser(db().db, "dispatcher", "lucknow");
  indore = await makeUser(db().db, "dispatcher", "indore");
});
beforeEach(async () => {
  await truncateScanData(db());
  signIn(lucknow);
});

describe("scan routes", () => {
  it("scan a parent, a child, a duplicate, undo, and read the bag, with the contract's shapes", async () => {
    const parent = await answer(await postParent(post("/api/scan/parent", json({ qr: "\u0002sb00001\r\n" }), { "content-type": "application/json; charset=utf-8", origin: ORIGIN })));
    expect(parent).toEqual({
      status: 200,
      body: { parent: { qr: "SB00001", type: "SB", status: "pending", childCount: 0, capacity: 30, finished: null, created: true } },
    });
    const child = await answer(await postChild(post("/api/scan/child", json({ parentQr: "SB00001", qr: "0016557" }))));
    expect(child).toEqual({
      status: 200,
      body: { result: "linked", childQr: "0016557", parentQr: "SB00001", childCount: 1, capacity: 30, parentStatus: "in_progress" },
    });
    const again = await answer(await postChild(post("/api/scan/child", json({ parentQr: "SB00001", qr: "0016557" }))));
    expect(again.body).toMatchObject({ result: "duplicate", childCount: 1 });

    const undo = await answer(await postUndo(post("/api/scan/undo", json({ parentQr: "SB00001" }))));
    // DESIGN §6's {undone: {childQr}, childCount}, with the parent's new state beside it.
    expect(undo).toEqual({
      status: 200,
      body: { undone: { childQr: "0016557" }, parentQr: "SB00001", childCount: 0, capacity: 30, parentStatus: "pending" },
    });

    const bag = await answer(await getBag(new Request(`${ORIGIN}/api/bag/SB00001`), { params: Promise.resolve({ qr: "SB00001" }) }));
    expect(bag.status).toBe(200);
    expect(bag.body).toMatchObject({ bag: { qr: "SB00001", type: "parent", parentKind: "SB", status: "pending" }, parent: null, children: [], bill: null });
  });

  it("answers conflicts and missing things with the error shape", async () => {
    await postParent(post("/api/scan/parent", json({ qr: "SB00002" })));
    await postParent(post("/api/scan/parent", json({ qr: "SB00003" })));
    await postChild(post("/api/scan/child", json({ parentQr: "SB00002", qr: "0016557" })));
    expect(await answer(await postChild(post("/api/scan/child", json({ parentQr: "SB00003", qr: "0016557" }))))).toEqual({
      status: 409,
      body: { error: { code: "linked_elsewhere", message: "Child 0016557 is already in parent SB00002." } },
    });
    expect(await answer(await postUndo(post("/api/scan/undo", json({ parentQr: "SB00003" }))))).toMatchObject({
      status: 404,
      body: { error: { code: "nothing_to_undo" } },
    });
    expect(await answer(await postChild(post("/api/scan/child", json({ parentQr: "0016557", qr: "0016558" }))))).toMatchObject({
      status: 409,
      body: { error: { code: "wrong_type" } },
    });
  });

  // The bag lookup answers as the scan station does (it belongs to another area), no details.
  it("gives another area's dispatcher 403 wrong_area on the bag and on its parent, and 404 for an unknown bag", async () => {
    await postParent(post("/api/scan/parent", json({ qr: "SB00004" })));
    signIn(indore);
    const bag = await answer(await getBag(new Request(`${ORIGIN}/api/bag/SB00004`), { params: Promise.resolve({ qr: "SB00004" }) }));
    expect(bag).toEqual({ status: 403, body: { error: { code: "wrong_area", message: "Bag SB00004 belongs to another dispatch area; you can see only Indore bags." } } });
    const unknown = await answer(await getBag(new Request(`${ORIGIN}/api/bag/SB09999`), { params: Promise.resolve({ qr: "SB09999" }) }));
    expect(unknown).toEqual({ status: 404, body: { error: { code: "bag_not_found", message: "No bag SB09999 was found." } } });
    expect(await answer(await postParent(post("/api/scan/parent", json({ qr: "SB00004" }))))).toMatchObject({
      status: 403,
      body: { error: { code: "wrong_area", message: expect.stringContaining("belongs to another dispatch area") } },
    });
  });

  it("takes the station's area for a biller's new parent: 400 area_required without it, then a Lucknow dispatcher packs into it", async () => {
    signIn(await makeUser(db().db, "biller"));
    expect(await answer(await postParent(post("/api/scan/parent", json({ qr: "SB35850" }))))).toEqual({
      status: 400,
      body: {
        error: {
          code: "area_required",
          message: "Choose this station's dispatch area before scanning a new parent.",
          fields: { area: ["Choose this station's dispatch area before scanning a new parent."] },
        },
      },
    });
    expect(await answer(await postParent(post("/api/scan/parent", json({ qr: "SB35850", area: "lucknow" }))))).toMatchObject({
      status: 200,
      body: { parent: { qr: "SB35850", created: true } },
    });
    signIn(lucknow);
    expect(await answer(await postParent(post("/api/scan/parent", json({ qr: "SB35850" }))))).toMatchObject({ status: 200, body: { parent: { created: false } } });
    expect(await answer(await postChild(post("/api/scan/child", json({ parentQr: "SB35850", qr: "0016590" }))))).toMatchObject({
      status: 200,
      body: { result: "linked", childCount: 1 },
    });
  });

  it("answers 401 when nobody is signed in, before reading the body", async () => {
    session.user = null;
    for (const res of [
      await postParent(post("/api/scan/parent", "not json")),
      await postChild(post("/api/scan/child", json({ parentQr: "SB00001", qr: "0016557" }))),
      await postUndo(post("/api/scan/undo", json({ parentQr: "SB00001" }))),
      await getBag(new Request(`${ORIGIN}/api/bag/SB00001`), { params: Promise.resolve({ qr: "SB00001" }) }),
    ]) {
      expect(await answer(res)).toEqual({ status: 401, body: { error: { code: "unauthenticated", message: "Please sign in." } } });
    }
    expect(await countAll(db())).toEqual({ bags: 0, links: 0, scans: 0, audit: 0 });
  });

  it("refuses a session that still owes a duty (the real guards run), writing nothing", async () => {
    signIn(lucknow, { mustChangePassword: true });
    for (const res of [
      await postParent(post("/api/scan/parent", json({ qr: "SB00001" }))),
      await postChild(post("/api/scan/child", json({ parentQr: "SB00001", qr: "0016557" }))),
      await postUndo(post("/api/scan/undo", json({ parentQr: "SB00001" }))),
      await getBag(new Request(`${ORIGIN}/api/bag/SB00001`), { params: Promise.resolve({ qr: "SB00001" }) }),
    ]) {
      expect(await answer(res)).toMatchObject({ status: 403, body: { error: { code: "password_change_required" } } });
    }
    expect(await countAll(db())).toEqual({ bags: 0, links: 0, scans: 0, audit: 0 });
  });

  it("accepts a request without an Origin header (scanners and integrations)", async () => {
    const res = await postParent(post("/api/scan/parent", json({ qr: "SB00005" }), { "content-type": "application/json" }));
    expect(res.status).toBe(200);
  });

  it("accepts the Origin of the Host a proxy passed on, and audits the request's IP and id", async () => {
    // TRUST_PROXY is off, so the proxy's X-Forwarded-Host vouches for nothing (a client can send
    // one); the Host header it passed through (nginx `proxy_set_header Host $host`) does.
    const req = new Request("http://127.0.0.1:3000/api/scan/parent", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        origin: "https://scan.example.in",
        host: "scan.example.in",
        "x-forwarded-host": "scan.example.in",
        "x-forwarded-for": "203.0.113.9, 10.0.0.1",
        "x-request-id": "req-42",
      },
      body: json({ qr: "SB00006" }),
    });
    expect((await postParent(req)).status).toBe(200);
    const [audit] = await db()
      .db.select({ ip: auditLog.ip, requestId: auditLog.requestId })
      .from(auditLog)
      .where(eq(auditLog.action, "parent_created"));
    // TRUST_PROXY is off: the last entry (the one the nearest proxy appended), never a client-written
    // one; and the request id is minted by the server, not the one the client sent.
    expect(audit?.ip).toBe("10.0.0.1");
    expect(audit?.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

const LONG = "7".repeat(10 * 1024);
const JSON_TYPE = { "content-type": "application/json" };
type BadCase = [name: string, body: BodyInit | undefined, code: string, headers?: Record<string, string>];

/** Bodies every scan route must refuse with a 4xx and the error shape, writing nothing. */
function badBodies(valid: Record<string, string>): BadCase[] {
  const keys = Object.keys(valid);
  const withAll = (value: unknown) => json(Object.fromEntries(keys.map((k) => [k, value])));
  return [
    ["an empty body", undefined, "invalid_json"],
    ["an empty string body", "", "invalid_json"],
    ["an empty object", "{}", "invalid_input"],
    ["malformed JSON", '{"qr": ', "invalid_json"],
    ["invalid UTF-8", new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), "invalid_json"],
    ["a JSON string", json("SB00001"), "invalid_input"],
    ["a JSON number", "42", "invalid_input"],
    ["JSON null", "null", "invalid_input"],
    ["a JSON array", json([valid]), "invalid_input"],
    ["numbers", withAll(12345), "invalid_input"],
    ["nulls", withAll(null), "invalid_input"],
    ["booleans", withAll(true), "invalid_input"],
    ["arrays", withAll(["SB00001"]), "invalid_input"],
    ["nested objects", withAll({ qr: "SB00001" }), "invalid_input"],
    ["10 kB strings", withAll(LONG), "invalid_input"],
    ["an unknown extra key", json({ ...valid, admin: true }), "invalid_input"],
    ["control characters only", withAll("\u0000\u0007\u001b\u007f"), "invalid_qr"],
    ["an SQL fragment", withAll("'; drop table bags;--"), "invalid_qr"],
    ["an HTML fragment", withAll("<script>alert(1)</script>"), "invalid_qr"],
    ["a form content type", new URLSearchParams(valid).toString(), "unsupported_media_type", { "content-type": "application/x-www-form-urlencoded" }],
    ["a text content type", json(valid), "unsupported_media_type", { "content-type": "text/plain" }],
    ["no content type", new Blob([json(valid)]), "unsupported_media_type", {}],
    ["another site's Origin", json(valid), "bad_origin", { ...JSON_TYPE, origin: "https://evil.example" }],
    ["an opaque Origin", json(valid), "bad_origin", { ...JSON_TYPE, origin: "null" }],
    ["a body over 64 kB", json({ ...valid, pad: "x".repeat(70 * 1024) }), "payload_too_large"],
  ];
}

const STATUS: Record<string, number> = {
  invalid_json: 400,
  invalid_input: 400,
  invalid_qr: 400,
  unsupported_media_type: 415,
  bad_origin: 403,
  payload_too_large: 413,
};

interface RouteCase {
  name: string;
  path: string;
  handler: (req: Request) => Promise<Response>;
  valid: Record<string, string>;
}
const ROUTES: RouteCase[] = [
  { name: "POST /api/scan/parent", path: "/api/scan/parent", handler: postParent, valid: { qr: "SB00009" } },
  { name: "POST /api/scan/child", path: "/api/scan/child", handler: postChild, valid: { parentQr: "SB00008", qr: "0016557" } },
  { name: "POST /api/scan/undo", path: "/api/scan/undo", handler: postUndo, valid: { parentQr: "SB00008" } },
];

describe.each(ROUTES)("$name refuses bad input", ({ path, handler, valid }) => {
  beforeEach(async () => {
    // SB00008 holds one child so that a valid child scan or undo would write something.
    await postParent(post("/api/scan/parent", json({ qr: "SB00008" })));
    await postChild(post("/api/scan/child", json({ parentQr: "SB00008", qr: "0016500" })));
  });

  it.each(badBodies(valid))("refuses %s without writing anything", async (_name, body, code, headers) => {
    const before = await countAll(db());
    const res = await handler(post(path, body, headers ?? JSON_TYPE));
    const { status, body: payload } = await answer(res);
    expect({ status, code: (payload.error as { code?: string } | undefined)?.code }).toEqual({ status: STATUS[code], code });
    expect(Object.keys(payload)).toEqual(["error"]);
    const error = payload.error as Record<string, unknown>;
    expect(error).toMatchObject({ code, message: expect.any(String) });
    expect(Object.keys(error).filter((k) => !["code", "message", "fields"].includes(k))).toEqual([]);
    expect(await countAll(db())).toEqual(before);
  });

  it("still accepts the valid body (so the refusals above are about the input)", async () => {
    const res = await handler(post(path, json(valid), { "content-type": "application/json", origin: ORIGIN }));
    expect(res.status).toBe(200);
  });
});
