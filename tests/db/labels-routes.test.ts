import { sql } from "drizzle-orm";
import { PDFDocument } from "pdf-lib";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { GET as pdfRoute } from "@/app/api/labels/[id]/pdf/route";
import { GET as listRoute, POST as reserveRoute } from "@/app/api/labels/route";
import type { SessionUser } from "@/lib/server/auth/session";
import { auditRowsOf, makeBillRoles, type BillTestUser } from "../support/bill-factories";
import { routeSessionOf } from "../support/context";
import { setupTestDb } from "../support/db";

delete process.env.REDIS_URL;

// Only who is signed in is replaced; the real guards, routes and database decide (as returns-routes).
const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/server/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/server/auth/session")>()),
  getCurrentUser: async () => session.user,
}));

const db = setupTestDb();
const ORIGIN = "http://localhost";
let biller: BillTestUser;
let admin: BillTestUser;
let dispatcher: BillTestUser;

function signIn(user: BillTestUser | null) {
  session.user = user && routeSessionOf(user);
}
function request(method: string, path: string, body?: unknown) {
  return new Request(`${ORIGIN}${path}`, {
    method,
    headers: { "content-type": "application/json", origin: ORIGIN },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
const NO_SEGMENTS = { params: Promise.resolve({}) };
const at = (id: string | number) => ({ params: Promise.resolve({ id: String(id) }) });
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each test checks the shape with toMatchObject
async function answer(res: Response): Promise<{ status: number; body: any }> {
  return { status: res.status, body: await res.json() };
}

beforeAll(async () => {
  ({ biller, admin, dispatcher } = await makeBillRoles(db()));
});
beforeEach(async () => {
  await db().rows(sql`truncate table audit_log, label_reservations, label_sequences restart identity cascade`);
  signIn(biller);
});

describe("the /api/labels routes", () => {
  it("POST reserves (201 {reservation}), GET lists {reservations}, newest first", async () => {
    const created = await answer(await reserveRoute(request("POST", "/api/labels", { kind: "SB", count: 3, note: "Dock 2" }), NO_SEGMENTS));
    expect(created).toEqual({
      status: 201,
      body: {
        reservation: {
          id: expect.any(Number),
          kind: "SB",
          first: "SB00001",
          last: "SB00003",
          count: 3,
          firstNumber: 1,
          createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
          reservedBy: biller.username,
          note: "Dock 2",
        },
      },
    });
    signIn(admin);
    const second = await answer(await reserveRoute(request("POST", "/api/labels", { kind: "SB", count: 2 }), NO_SEGMENTS));
    expect(second.body.reservation).toMatchObject({ first: "SB00004", last: "SB00005" });
    const listed = await answer(await listRoute(request("GET", "/api/labels"), NO_SEGMENTS));
    expect(listed.status).toBe(200);
    expect(listed.body.reservations.map((r: { first: string }) => r.first)).toEqual(["SB00004", "SB00001"]);
  });

  it("POST answers 400 for bad input, 409 labels_exhausted at the end of a series", async () => {
    const bad = await answer(await reserveRoute(request("POST", "/api/labels", { kind: "SB", count: 5000 }), NO_SEGMENTS));
    expect(bad).toMatchObject({ status: 400, body: { error: { code: "invalid_input", fields: { count: expect.any(Array) } } } });
    await db().rows(sql`insert into label_sequences (kind, next_number) values ('SB', 99999)`);
    const full = await answer(await reserveRoute(request("POST", "/api/labels", { kind: "SB", count: 2 }), NO_SEGMENTS));
    expect(full).toEqual({
      status: 409,
      body: { error: { code: "labels_exhausted", message: "Only 1 SB number is left (SB99999–SB99999); you asked for 2. Reserve at most 1." } },
    });
  });

  it("GET /api/labels/[id]/pdf sends the A4 or thermal PDF as an attachment, audited each time", async () => {
    const { body } = await answer(await reserveRoute(request("POST", "/api/labels", { kind: "M444", count: 25 }), NO_SEGMENTS));
    const id: number = body.reservation.id;
    const a4 = await pdfRoute(request("GET", `/api/labels/${id}/pdf?format=a4`), at(id));
    expect(a4.status).toBe(200);
    expect(a4.headers.get("content-type")).toBe("application/pdf");
    expect(a4.headers.get("content-disposition")).toBe('attachment; filename="labels-M444-00001-M444-00025-a4.pdf"');
    expect(a4.headers.get("cache-control")).toBe("no-store");
    const bytes = Buffer.from(await a4.arrayBuffer());
    expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    // Two A4 pages for 25 labels.
    expect((await PDFDocument.load(bytes)).getPageCount()).toBe(2);

    signIn(admin);
    const thermal = await pdfRoute(request("GET", `/api/labels/${id}/pdf?format=thermal`), at(id));
    expect(thermal.headers.get("content-disposition")).toBe('attachment; filename="labels-M444-00001-M444-00025-thermal.pdf"');
    expect(Buffer.from(await thermal.arrayBuffer()).subarray(0, 5).toString("latin1")).toBe("%PDF-");

    const printed = await auditRowsOf(db().db, "labels_printed");
    expect(printed.map((r) => [r.userId, (r.details as { format: string }).format])).toEqual([
      [biller.id, "a4"],
      [admin.id, "thermal"],
    ]);
  });

  it("GET pdf: 404 for no such reservation, 400 for an unknown format", async () => {
    expect(await answer(await pdfRoute(request("GET", "/api/labels/424242/pdf"), at(424242)))).toMatchObject({
      status: 404,
      body: { error: { code: "reservation_not_found" } },
    });
    expect(await answer(await pdfRoute(request("GET", "/api/labels/abc/pdf"), at("abc")))).toMatchObject({ status: 404 });
    const { body } = await answer(await reserveRoute(request("POST", "/api/labels", { kind: "SB", count: 1 }), NO_SEGMENTS));
    const id: number = body.reservation.id;
    expect(await answer(await pdfRoute(request("GET", `/api/labels/${id}/pdf?format=letter`), at(id)))).toMatchObject({
      status: 400,
      body: { error: { code: "invalid_input" } },
    });
  });

  it("refuses a dispatcher (403) and anyone signed out (401) on every labels route; nothing is reserved or printed", async () => {
    const { body } = await answer(await reserveRoute(request("POST", "/api/labels", { kind: "SB", count: 1 }), NO_SEGMENTS));
    const id: number = body.reservation.id;
    for (const [who, status] of [
      [dispatcher, 403],
      [null, 401],
    ] as const) {
      signIn(who);
      expect((await reserveRoute(request("POST", "/api/labels", { kind: "SB", count: 1 }), NO_SEGMENTS)).status).toBe(status);
      expect((await listRoute(request("GET", "/api/labels"), NO_SEGMENTS)).status).toBe(status);
      expect((await pdfRoute(request("GET", `/api/labels/${id}/pdf`), at(id))).status).toBe(status);
    }
    const [count] = await db().rows<{ n: number }>(sql`select count(*)::int as n from label_reservations`);
    expect(count?.n).toBe(1);
    expect(await auditRowsOf(db().db, "labels_printed")).toEqual([]);
  });
});
