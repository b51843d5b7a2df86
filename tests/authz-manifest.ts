// Who may reach every page, route handler and server action of the app. Three tests read it:
// tests/unit/authz-manifest.test.ts (it lists exactly what exists — a new route without an entry
// fails), tests/db/authz-actions.test.ts (each action × principal through the real guards) and
// tests/e2e/authz-matrix.spec.ts (each page and route × principal over HTTP).

export const PRINCIPALS = ["anonymous", "dispatcher", "biller", "admin-no-2fa", "admin-2fa", "gate", "customer"] as const;
export type Principal = (typeof PRINCIPALS)[number];

// Named sets. "Signed in" excludes an admin without 2FA: until enrolled they reach only enrolment.
// It excludes the gate role too (DESIGN.md §2: the gate station and pass details only), which
// keeps its own account pages (OWN_ACCOUNT): the forced password change, 2FA, sign-out.
const EVERYONE: readonly Principal[] = PRINCIPALS;
const SIGNED_IN: readonly Principal[] = ["dispatcher", "biller", "admin-2fa"];
// A customer account (DESIGN.md §2) keeps its own account pages and the portal, nothing else.
const ANY_SESSION: readonly Principal[] = ["dispatcher", "biller", "admin-no-2fa", "admin-2fa", "gate", "customer"];
const OWN_ACCOUNT: readonly Principal[] = [...SIGNED_IN, "gate", "customer"];
/** portal:view — a customer account (its own customers) and admins (all, or "view as"). */
export const PORTAL: readonly Principal[] = ["admin-2fa", "customer"];
/** passes:view — billers, admins and the gate. */
const PASS_READERS: readonly Principal[] = ["biller", "admin-2fa", "gate"];
/** gate:scan — the gate and admins. */
const GATE: readonly Principal[] = ["admin-2fa", "gate"];
const BILLING: readonly Principal[] = ["biller", "admin-2fa"];
const ADMIN: readonly Principal[] = ["admin-2fa"];

/** What a page answers a principal it does not simply show (200) or refuse (login / 2FA setup / 403). */
export type PageOutcome = { status: 200 | 403 | 404 } | { redirect: string };

export interface PageEntry {
  /** Sample URL for the HTTP test (dynamic segments filled with demo data). */
  path: string;
  allow: readonly Principal[];
  /** Pages that redirect by design (e.g. "/" or /login when signed in). */
  expect?: Partial<Record<Principal, PageOutcome>>;
}

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
export interface RouteCall {
  path: string;
  /** JSON body; invalid on purpose, so an allowed principal gets 400/404 and nothing changes. */
  body?: unknown;
  allow: readonly Principal[];
}

export interface ActionEntry {
  allow: readonly Principal[];
  /** Plausible arguments, so argument checks pass and the guard decides. */
  args: () => unknown[];
  /** Public actions reach the database without a guard (the way in, or the caller's own session). */
  public?: true;
}

const form = (fields: Record<string, string> = {}) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
};
const formArgs = (fields?: Record<string, string>) => () => [{ ok: false }, form(fields)];
const SIGNED_IN_HOME: Partial<Record<Principal, PageOutcome>> = {
  dispatcher: { redirect: "/dashboard" },
  biller: { redirect: "/dashboard" },
  "admin-no-2fa": { redirect: "/dashboard" },
  "admin-2fa": { redirect: "/dashboard" },
  // Signed-in visitors of /login go to the default landing page, /dashboard, which sends the gate on.
  gate: { redirect: "/dashboard" },
  customer: { redirect: "/dashboard" },
};

/** Keyed by the file path under app/. */
export const PAGES: Record<string, PageEntry> = {
  "page.tsx": {
    path: "/",
    allow: EVERYONE,
    expect: { anonymous: { redirect: "/login" }, ...SIGNED_IN_HOME, gate: { redirect: "/gate" }, customer: { redirect: "/portal" } },
  },
  "(auth)/login/page.tsx": { path: "/login", allow: EVERYONE, expect: SIGNED_IN_HOME },
  // Without the pending-2FA cookie (set only by a correct password) it sends everyone to /login.
  "(auth)/2fa/page.tsx": {
    path: "/2fa",
    allow: EVERYONE,
    expect: Object.fromEntries(PRINCIPALS.map((p) => [p, { redirect: "/login" }])),
  },
  "(auth)/2fa/setup/page.tsx": { path: "/2fa/setup", allow: ANY_SESSION },
  "(auth)/forgot-password/page.tsx": { path: "/forgot-password", allow: EVERYONE },
  // Self-registration: public when REGISTRATION=open (the e2e server sets it; closed, it is a 404);
  // someone signed in goes to the dashboard, as from /login.
  "(auth)/register/page.tsx": { path: "/register", allow: EVERYONE, expect: SIGNED_IN_HOME },
  "(auth)/reset-password/[token]/page.tsx": { path: "/reset-password/not-a-real-token", allow: EVERYONE },
  // A bill's public status link: no session needed or looked at; a token that is not genuine is a 404 to all.
  "status/[token]/page.tsx": {
    path: "/status/not-a-real-token",
    allow: EVERYONE,
    expect: Object.fromEntries(PRINCIPALS.map((p) => [p, { status: 404 }])),
  },
  // The gate has no dashboard: sign-in's default landing sends it to its station.
  "(app)/dashboard/page.tsx": { path: "/dashboard", allow: SIGNED_IN, expect: { gate: { redirect: "/gate" }, customer: { redirect: "/portal" } } },
  "(app)/gate/page.tsx": { path: "/gate", allow: GATE },
  "(app)/scan/page.tsx": { path: "/scan", allow: SIGNED_IN },
  "(app)/bags/page.tsx": { path: "/bags", allow: SIGNED_IN },
  "(app)/bags/[qr]/page.tsx": { path: "/bags/SB00001", allow: SIGNED_IN },
  "(app)/lookup/page.tsx": { path: "/lookup", allow: SIGNED_IN },
  "(app)/bills/page.tsx": { path: "/bills", allow: BILLING },
  "(app)/bills/new/page.tsx": { path: "/bills/new", allow: BILLING },
  "(app)/bills/[billNumber]/page.tsx": { path: "/bills/DEMO-001", allow: BILLING },
  "(app)/bills/[billNumber]/print/page.tsx": { path: "/bills/DEMO-001/print", allow: BILLING },
  // The load check at the truck (bills:check) and a saved report (bills:view); no such report: the not-found page.
  "(app)/bills/[billNumber]/check/page.tsx": { path: "/bills/DEMO-001/check", allow: BILLING },
  "(app)/bills/[billNumber]/check/[id]/page.tsx": {
    path: "/bills/DEMO-001/check/999999999",
    allow: BILLING,
    expect: { biller: { status: 404 }, "admin-2fa": { status: 404 } },
  },
  "(app)/reports/bills/page.tsx": { path: "/reports/bills", allow: BILLING },
  "(app)/reports/eod/page.tsx": { path: "/reports/eod", allow: BILLING },
  // Gate passes: the list, the form and printing are passes:manage; a pass's page is passes:view
  // (the gate role too). No such pass: an allowed principal gets the not-found page (and no print is recorded).
  "(app)/passes/page.tsx": { path: "/passes", allow: BILLING },
  "(app)/passes/new/page.tsx": { path: "/passes/new", allow: BILLING },
  "(app)/passes/[code]/page.tsx": {
    path: "/passes/GP-20000101-0001",
    allow: PASS_READERS,
    expect: { biller: { status: 404 }, "admin-2fa": { status: 404 }, gate: { status: 404 } },
  },
  "(app)/passes/[code]/print/page.tsx": {
    path: "/passes/GP-20000101-0001/print",
    allow: BILLING,
    expect: { biller: { status: 404 }, "admin-2fa": { status: 404 } },
  },
  // Return tickets (IPT): returns:manage. No such ticket: an allowed principal gets the not-found page.
  "(app)/returns/page.tsx": { path: "/returns", allow: BILLING },
  "(app)/returns/new/page.tsx": { path: "/returns/new", allow: BILLING },
  "(app)/returns/[code]/page.tsx": {
    path: "/returns/RTN-20000101-0001",
    allow: BILLING,
    expect: { biller: { status: 404 }, "admin-2fa": { status: 404 } },
  },
  // Printed QR labels (labels:reserve): reserve ranges, download their PDFs.
  "(app)/labels/page.tsx": { path: "/labels", allow: BILLING },
  // The customer portal: the demo customer account is linked to Demo Traders, which owns DEMO-001.
  "(app)/portal/page.tsx": { path: "/portal", allow: PORTAL },
  "(app)/portal/bills/[billNumber]/page.tsx": { path: "/portal/bills/DEMO-001", allow: PORTAL },
  "(app)/profile/page.tsx": { path: "/profile", allow: OWN_ACCOUNT },
  "(app)/profile/password/page.tsx": { path: "/profile/password", allow: ANY_SESSION },
  "(admin)/admin/page.tsx": { path: "/admin", allow: ADMIN },
  "(admin)/admin/users/page.tsx": { path: "/admin/users", allow: ADMIN },
  // One user's page (users:manage); no such user (or a deleted one): an admin gets the not-found page.
  "(admin)/admin/users/[id]/page.tsx": {
    path: "/admin/users/00000000-0000-4000-8000-000000000000",
    allow: ADMIN,
    expect: { "admin-2fa": { status: 404 } },
  },
  // Edit / delete one user (users:manage); no such user: an admin gets the not-found page.
  "(admin)/admin/users/[id]/edit/page.tsx": {
    path: "/admin/users/00000000-0000-4000-8000-000000000000/edit",
    allow: ADMIN,
    expect: { "admin-2fa": { status: 404 } },
  },
  // Promotion requests (promotion:decide): admins.
  "(admin)/admin/promotions/page.tsx": { path: "/admin/promotions", allow: ADMIN },
  // Customer accounts and customers (customers:manage). No such account: an admin gets the not-found page.
  "(admin)/admin/customers/page.tsx": { path: "/admin/customers", allow: ADMIN },
  "(admin)/admin/customers/list/page.tsx": { path: "/admin/customers/list", allow: ADMIN },
  "(admin)/admin/customers/[id]/page.tsx": {
    path: "/admin/customers/00000000-0000-4000-8000-000000000000",
    allow: ADMIN,
    expect: { "admin-2fa": { status: 404 } },
  },
  "(admin)/admin/sessions/page.tsx": { path: "/admin/sessions", allow: ADMIN },
  // API tokens (tokens:manage): issue, list, revoke.
  "(admin)/admin/tokens/page.tsx": { path: "/admin/tokens", allow: ADMIN },
  "(admin)/admin/audit/page.tsx": { path: "/admin/audit", allow: ADMIN },
  "(admin)/admin/exports/page.tsx": { path: "/admin/exports", allow: ADMIN },
  "(admin)/admin/outbox/page.tsx": { path: "/admin/outbox", allow: ADMIN },
  "(admin)/admin/health/page.tsx": { path: "/admin/health", allow: ADMIN },
  "(admin)/admin/backups/page.tsx": { path: "/admin/backups", allow: ADMIN },
  "(admin)/admin/imports/page.tsx": { path: "/admin/imports", allow: ADMIN },
  "(admin)/admin/analytics/page.tsx": { path: "/admin/analytics", allow: ADMIN },
};

const NO_BILL = "/api/bills/NO-SUCH-BILL-X";

/** Keyed by the file path under app/, then by exported HTTP method. */
export const ROUTES: Record<string, Partial<Record<Method, RouteCall>>> = {
  // Every /api path no route claims (Auth.js's unmounted /api/auth/* among them): a JSON 404 to all.
  "api/[...unknown]/route.ts": {
    GET: { path: "/api/auth/session", allow: EVERYONE },
    POST: { path: "/api/auth/signout", body: {}, allow: EVERYONE },
    PUT: { path: "/api/no-such-endpoint", body: {}, allow: EVERYONE },
    PATCH: { path: "/api/bag", body: {}, allow: EVERYONE },
    DELETE: { path: "/api/no-such-endpoint/x", allow: EVERYONE },
  },
  "api/health/route.ts": { GET: { path: "/api/health", allow: EVERYONE } },
  "api/health/live/route.ts": { GET: { path: "/api/health/live", allow: EVERYONE } },
  // The API's description and its reference page (issue 19): public, the API's shape is not a secret.
  "api/openapi.json/route.ts": { GET: { path: "/api/openapi.json", allow: EVERYONE } },
  "api/docs/route.ts": { GET: { path: "/api/docs", allow: EVERYONE } },
  // A bill's public status as JSON: anyone with the signed link (a made-up token is a 400 invalid_link).
  "api/status/[token]/route.ts": { GET: { path: "/api/status/not-a-real-token", allow: EVERYONE } },
  "api/users/route.ts": { GET: { path: "/api/users", allow: ADMIN } },
  // Edit / delete (anonymise) one user (users:manage): no such user, so an admin gets 404 and nothing changes.
  "api/users/[id]/route.ts": {
    PATCH: { path: "/api/users/00000000-0000-4000-8000-000000000000", body: { email: "nobody@example.com" }, allow: ADMIN },
    DELETE: { path: "/api/users/00000000-0000-4000-8000-000000000000", allow: ADMIN },
  },
  // The bill form's customer type-ahead (customers:pick): billers and admins.
  "api/customers/route.ts": { GET: { path: "/api/customers?q=demo", allow: BILLING } },
  "api/system_health/route.ts": { GET: { path: "/api/system_health", allow: ADMIN } },
  // API tokens (tokens:manage): an empty body is refused (400); the DELETE names no token (an admin gets 404).
  "api/admin/tokens/route.ts": {
    GET: { path: "/api/admin/tokens", allow: ADMIN },
    POST: { path: "/api/admin/tokens", body: {}, allow: ADMIN },
  },
  "api/admin/tokens/[id]/route.ts": { DELETE: { path: "/api/admin/tokens/00000000-0000-4000-8000-000000000000", allow: ADMIN } },
  // Imports (data:import_export): a JSON body is refused (415, multipart only) and nothing is imported.
  "api/imports/route.ts": { POST: { path: "/api/imports", body: {}, allow: ADMIN } },
  "api/imports/jobs/[id]/route.ts": { GET: { path: "/api/imports/jobs/00000000-0000-4000-8000-000000000000", allow: ADMIN } },
  "api/stats/route.ts": { GET: { path: "/api/stats", allow: SIGNED_IN } },
  // An empty body is refused (400) for the gate and admins; a scan of nothing changes nothing.
  "api/gate/scan/route.ts": { POST: { path: "/api/gate/scan", body: {}, allow: GATE } },
  "api/stats/activity/route.ts": { GET: { path: "/api/stats/activity", allow: SIGNED_IN } },
  // DELETE names no bag (an admin gets 404): the sweep must not delete demo data.
  "api/bag/[qr]/route.ts": { GET: { path: "/api/bag/SB00001", allow: SIGNED_IN }, DELETE: { path: "/api/bag/SB99998", allow: ADMIN } },
  "api/scan/parent/route.ts": { POST: { path: "/api/scan/parent", body: {}, allow: SIGNED_IN } },
  "api/scan/child/route.ts": { POST: { path: "/api/scan/child", body: {}, allow: SIGNED_IN } },
  "api/scan/undo/route.ts": { POST: { path: "/api/scan/undo", body: {}, allow: SIGNED_IN } },
  "api/scan/remove/route.ts": { POST: { path: "/api/scan/remove", body: {}, allow: SIGNED_IN } },
  "api/scan/finish/route.ts": { POST: { path: "/api/scan/finish", body: {}, allow: SIGNED_IN } },
  "api/scan/reopen/route.ts": { POST: { path: "/api/scan/reopen", body: {}, allow: SIGNED_IN } },
  "api/bills/route.ts": {
    GET: { path: "/api/bills", allow: BILLING },
    POST: { path: "/api/bills", body: {}, allow: BILLING },
  },
  "api/bills/[billNumber]/route.ts": {
    GET: { path: "/api/bills/DEMO-001", allow: BILLING },
    PATCH: { path: NO_BILL, body: {}, allow: BILLING },
    DELETE: { path: NO_BILL, allow: ADMIN },
  },
  "api/bills/[billNumber]/complete/route.ts": { POST: { path: `${NO_BILL}/complete`, body: {}, allow: BILLING } },
  "api/bills/[billNumber]/reopen/route.ts": { POST: { path: `${NO_BILL}/reopen`, body: {}, allow: BILLING } },
  "api/bills/[billNumber]/parents/route.ts": { POST: { path: `${NO_BILL}/parents`, body: {}, allow: BILLING } },
  "api/bills/[billNumber]/parents/[qr]/route.ts": { DELETE: { path: `${NO_BILL}/parents/SB00001`, allow: BILLING } },
  // Load checks: the newest one (bills:view), saving one (bills:check); no such bill, so nothing is saved.
  "api/bills/[billNumber]/check/route.ts": {
    GET: { path: `${NO_BILL}/check`, allow: BILLING },
    POST: { path: `${NO_BILL}/check`, body: {}, allow: BILLING },
  },
  "(app)/reports/bills/csv/route.ts": { GET: { path: "/reports/bills/csv", allow: BILLING } },
  "api/reports/eod/route.ts": { GET: { path: "/api/reports/eod", allow: BILLING } },
  // Only names the manifest lists are served: this one is not, so an admin gets 404.
  "(admin)/admin/backups/[file]/route.ts": { GET: { path: "/admin/backups/tracetrack-manual-20000101T000000Z.dump", allow: ADMIN } },
  // Gate passes: reading them is passes:view (biller, admin and the gate role), changing them passes:manage.
  "api/passes/route.ts": {
    GET: { path: "/api/passes", allow: PASS_READERS },
    POST: { path: "/api/passes", body: {}, allow: BILLING },
  },
  "api/passes/[code]/route.ts": { GET: { path: "/api/passes/GP-20000101-0001", allow: PASS_READERS } },
  "api/passes/[code]/revoke/route.ts": { POST: { path: "/api/passes/GP-20000101-0001/revoke", body: {}, allow: BILLING } },
  "(app)/passes/csv/route.ts": { GET: { path: "/passes/csv", allow: BILLING } },
  // Return tickets (IPT): returns:manage (billers and admins).
  "api/returns/route.ts": {
    GET: { path: "/api/returns", allow: BILLING },
    POST: { path: "/api/returns", body: {}, allow: BILLING },
  },
  "api/returns/[code]/route.ts": {
    GET: { path: "/api/returns/RTN-20000101-0001", allow: BILLING },
    PATCH: { path: "/api/returns/RTN-20000101-0001", body: {}, allow: BILLING },
  },
  "api/returns/[code]/bags/route.ts": { POST: { path: "/api/returns/RTN-20000101-0001/bags", body: {}, allow: BILLING } },
  "api/returns/[code]/finalize/route.ts": { POST: { path: "/api/returns/RTN-20000101-0001/finalize", body: {}, allow: BILLING } },
  "api/returns/[code]/cancel/route.ts": { POST: { path: "/api/returns/RTN-20000101-0001/cancel", body: {}, allow: BILLING } },
  // Printed QR labels (labels:reserve): an empty body is refused (400), so nothing is reserved; no
  // such reservation, so an allowed principal gets 404 and no print is audited.
  "api/labels/route.ts": {
    GET: { path: "/api/labels", allow: BILLING },
    POST: { path: "/api/labels", body: {}, allow: BILLING },
  },
  "api/labels/[id]/pdf/route.ts": { GET: { path: "/api/labels/999999999/pdf?format=a4", allow: BILLING } },
  // The customer portal (portal:view): a customer account its own customers, admins all of them.
  "api/portal/bills/route.ts": { GET: { path: "/api/portal/bills", allow: PORTAL } },
  "api/portal/options/route.ts": { GET: { path: "/api/portal/options", allow: PORTAL } },
  "api/portal/bills/[billNumber]/route.ts": { GET: { path: "/api/portal/bills/DEMO-001", allow: PORTAL } },
  "api/portal/bills/export.xlsx/route.ts": { GET: { path: "/api/portal/bills/export.xlsx", allow: PORTAL } },
  "api/portal/bills/export.csv/route.ts": { GET: { path: "/api/portal/bills/export.csv", allow: PORTAL } },
  // Streamed exports (DESIGN.md §6b): bills.* is bills:view (billers and admins), bags/links/scans/audit
  // data:import_export (admins); tests/db/exports.test.ts checks each dataset per role. An unknown name is a 404.
  "api/exports/[file]/route.ts": { GET: { path: "/api/exports/bags.csv", allow: ADMIN } },
};

/** Keyed by the file path under app/, then by exported action name. */
export const ACTIONS: Record<string, Record<string, ActionEntry>> = {
  "(auth)/login/actions.ts": {
    login: { allow: EVERYONE, public: true, args: formArgs({ username: "nobody-here", password: "wrong-password" }) },
    logout: { allow: EVERYONE, public: true, args: () => [] },
    getSessionStatus: { allow: EVERYONE, public: true, args: () => [] },
    staySignedIn: { allow: EVERYONE, public: true, args: () => [] },
  },
  // Anyone may choose a language and theme: the account's when signed in, else the device's cookies.
  "preferences/actions.ts": { savePreferences: { allow: EVERYONE, public: true, args: () => ["theme", "dark"] } },
  "(auth)/2fa/actions.ts": { verifyTwoFactor: { allow: EVERYONE, public: true, args: formArgs({ code: "123456" }) } },
  "(auth)/2fa/setup/actions.ts": {
    beginTotpSetup: { allow: ANY_SESSION, args: () => [] },
    confirmTotpSetup: { allow: ANY_SESSION, args: formArgs({ code: "123456" }) },
  },
  "(auth)/forgot-password/actions.ts": { requestReset: { allow: EVERYONE, public: true, args: formArgs({ identifier: "nobody@example.com" }) } },
  // Answers 404 (registration_closed) unless REGISTRATION=open.
  "(auth)/register/actions.ts": {
    createAccount: {
      allow: EVERYONE,
      public: true,
      args: formArgs({ username: "new-floor-person", email: "new-floor-person@example.com", password: "a-new-password-1", confirm: "a-new-password-1" }),
    },
  },
  "(auth)/reset-password/[token]/actions.ts": {
    resetWithToken: { allow: EVERYONE, public: true, args: formArgs({ token: "x", password: "a-new-password-1", confirm: "a-new-password-1" }) },
  },
  "(app)/profile/actions.ts": {
    changePassword: { allow: ANY_SESSION, args: formArgs({ current: "old-password-1", password: "a-new-password-1", confirm: "a-new-password-1" }) },
    disableTwoFactor: { allow: OWN_ACCOUNT, args: formArgs({ password: "some-password" }) },
    // Needs the password and a current code of the caller's own account (2FA on).
    regenerateBackupCodesAction: { allow: OWN_ACCOUNT, args: formArgs({ password: "some-password", code: "123456" }) },
    // promotion:request — the staff below admin who may ask (not the gate, not a customer).
    requestPromotionAction: { allow: ["dispatcher", "biller"], args: formArgs({ requestedRole: "nobody", reason: "short" }) },
  },
  "(app)/scan/actions.ts": {
    scanParentAction: { allow: SIGNED_IN, args: () => ["SB00001"] },
    scanChildAction: { allow: SIGNED_IN, args: () => ["SB00001", "1234567"] },
    undoLastScanAction: { allow: SIGNED_IN, args: () => ["SB00001"] },
    removeChildAction: { allow: SIGNED_IN, args: () => ["SB00001", "1234567"] },
    finishParentAction: { allow: SIGNED_IN, args: () => ["SB00001", "Short lot"] },
    reopenParentAction: { allow: SIGNED_IN, args: () => ["SB00001"] },
    listParentChildrenAction: { allow: SIGNED_IN, args: () => ["SB00001"] },
  },
  // The offline queue's "who is signed in here?" before it sends (only the caller's own id).
  "(app)/scan/offline/actions.ts": { queueOwnerAction: { allow: SIGNED_IN, args: () => [] } },
  "(app)/bags/[qr]/actions.ts": { deleteBagAction: { allow: ADMIN, args: () => ["SB99998"] } },
  "(app)/bills/new/actions.ts": { createBillAction: { allow: BILLING, args: formArgs({ billNumber: "B-1", capacity: "2" }) } },
  "(app)/bills/[billNumber]/actions.ts": {
    addParentAction: { allow: BILLING, args: () => ["B-1", "SB00001"] },
    removeParentAction: { allow: BILLING, args: () => ["B-1", "SB00001"] },
    completeBillAction: { allow: BILLING, args: () => ["B-1"] },
    reopenBillAction: { allow: BILLING, args: () => ["B-1"] },
    updateBillAction: { allow: BILLING, args: () => ["B-1", { ok: false }, form({ capacity: "3" })] },
    deleteBillAction: { allow: ADMIN, args: () => ["B-1"] },
  },
  // The load check at the truck (bills:check): no bill B-1, so nothing is saved.
  "(app)/bills/[billNumber]/check/actions.ts": {
    classifyLoadScanAction: { allow: BILLING, args: () => ["B-1", "SB00001"] },
    previewLoadCheckAction: { allow: BILLING, args: () => ["B-1", "SB00001\nSB00002"] },
    saveLoadCheckAction: { allow: BILLING, args: () => ["B-1", "SB00001", ""] },
  },
  // "Send now" mails the summary (to the outbox in tests): admins only.
  "(app)/reports/eod/actions.ts": { sendEodNowAction: { allow: ADMIN, args: () => ["2000-01-01"] } },
  "(app)/passes/new/actions.ts": {
    issuePassAction: {
      allow: BILLING,
      args: formArgs({ billNumber: "NO-SUCH-BILL-X", driverName: "Ramesh Kumar", driverPhone: "9829012345", vehicleNumber: "RJ14GB1234" }),
    },
  },
  "(app)/passes/[code]/actions.ts": {
    revokePassAction: { allow: BILLING, args: () => ["GP-20000101-0001", { ok: false }, form({ reason: "Truck broke down" })] },
  },
  "(app)/returns/new/actions.ts": { createReturnTicketAction: { allow: BILLING, args: formArgs({ area: "nowhere" }) } },
  "(app)/returns/[code]/actions.ts": {
    returnBagAction: { allow: BILLING, args: () => ["RTN-20000101-0001", "SB00001"] },
    finalizeTicketAction: { allow: BILLING, args: () => ["RTN-20000101-0001"] },
    cancelTicketAction: { allow: BILLING, args: () => ["RTN-20000101-0001"] },
    updateTicketAction: { allow: BILLING, args: () => ["RTN-20000101-0001", { ok: false }, form({ notes: "x" })] },
  },
  // An unknown series is refused (invalid input): nothing is reserved.
  "(app)/labels/actions.ts": { reserveLabelsAction: { allow: BILLING, args: formArgs({ kind: "nowhere", count: "3" }) } },
  "(admin)/admin/users/actions.ts": {
    createUserAction: { allow: ADMIN, args: formArgs({ username: "new-user", role: "biller" }) },
    unlockUserAction: { allow: ADMIN, args: () => ["user-id"] },
    setTemporaryPasswordAction: { allow: ADMIN, args: () => ["user-id"] },
    sendResetLinkAction: { allow: ADMIN, args: () => ["user-id"] },
  },
  // Edit and delete (anonymise) one user (users:manage); no such user.
  "(admin)/admin/users/[id]/edit/actions.ts": {
    updateUserAction: { allow: ADMIN, args: () => ["user-id", { ok: false }, form({ email: "nobody@example.com" })] },
    deleteUserAction: { allow: ADMIN, args: () => ["user-id", { ok: false }, form({ confirm: "nobody" })] },
  },
  // Reset another user's 2FA with the admin's own current code (users:manage).
  "(admin)/admin/users/[id]/actions.ts": { resetTwoFactorAction: { allow: ADMIN, args: () => ["user-id", { ok: false }, form({ code: "123456" })] } },
  // Approve / reject a promotion request (promotion:decide); no such request.
  "(admin)/admin/promotions/actions.ts": {
    decidePromotionAction: { allow: ADMIN, args: () => [999_999_999, { ok: false }, form({ decision: "reject" })] },
  },
  "(admin)/admin/customers/actions.ts": {
    createCustomerAccountAction: { allow: ADMIN, args: formArgs({ email: "not-an-email", customers: "Demo Traders" }) },
    updateCustomerAccountAction: { allow: ADMIN, args: () => ["account-id", { ok: false }, form({ name: "Dealer" })] },
    deactivateCustomerAccountAction: { allow: ADMIN, args: () => ["account-id"] },
    reactivateCustomerAccountAction: { allow: ADMIN, args: () => ["account-id"] },
    resetCustomerAccountPasswordAction: { allow: ADMIN, args: () => ["account-id"] },
    endCustomerSessionAction: { allow: ADMIN, args: () => ["account-id", "session-id"] },
  },
  "(admin)/admin/customers/list/actions.ts": {
    createCustomerAction: { allow: ADMIN, args: formArgs({ name: "" }) },
    updateCustomerAction: { allow: ADMIN, args: () => [1, { ok: false }, form({ name: "" })] },
  },
  // Refused by the guard for everyone but an admin with 2FA; for them it takes a real backup.
  "(admin)/admin/backups/actions.ts": { backupNowAction: { allow: ADMIN, args: () => [] } },
  // An unnamed token is refused (invalid input); revoking an unknown id is 404: nothing changes.
  "(admin)/admin/tokens/actions.ts": {
    issueApiTokenAction: { allow: ADMIN, args: formArgs({ name: "", role: "readonly" }) },
    revokeApiTokenAction: { allow: ADMIN, args: () => ["00000000-0000-4000-8000-000000000000"] },
  },
  "(admin)/admin/sessions/actions.ts": {
    endSessionAction: { allow: ADMIN, args: () => ["user-id", "session-id"] },
    endAllSessionsForUserAction: { allow: ADMIN, args: () => ["user-id"] },
  },
};
