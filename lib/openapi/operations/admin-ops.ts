import { z } from "zod";
import { UserRef } from "../../schemas/auth";
import { ApiTokenId, IssueApiTokenInput } from "../../schemas/tokens";
import { UpdateUserInput } from "../../schemas/users";
import * as R from "../answers/admin";
import type { ApiOperation } from "../types";

// Users and API tokens (admins), and the operational endpoints: health, stats, the public status
// link, and this API's own description and reference page.

const users = { kind: "permission", permission: "users:manage" } as const;
const tokens = { kind: "permission", permission: "tokens:manage" } as const;
const dashboard = { kind: "permission", permission: "dashboard:view" } as const;
const userId = { id: UserRef.shape.userId };

export const ADMIN_OPS_OPERATIONS: readonly ApiOperation[] = [
  {
    method: "get",
    path: "/api/users",
    operationId: "listUsers",
    tag: "users",
    summary: "Every user, without hashes or secrets.",
    access: users,
    success: { status: 200, description: "The users.", schema: R.UserList },
  },
  {
    method: "patch",
    path: "/api/users/{id}",
    operationId: "updateUser",
    tag: "users",
    summary: "Change a user's username, email, role or dispatch area (a field left out is unchanged).",
    access: users,
    params: userId,
    body: { kind: "json", schema: UpdateUserInput, fromPath: ["userId"] },
    success: { status: 200, description: "The user as they now are.", schema: R.UserEnvelope },
    errors: {
      400: ["area_required"],
      404: ["unknown_user"],
      409: ["duplicate_username", "duplicate_email", "own_role", "last_admin", "area_full", "directory_managed", "customer_account"],
    },
  },
  {
    method: "delete",
    path: "/api/users/{id}",
    operationId: "deleteUser",
    tag: "users",
    summary: "Delete a user: the account is anonymised, its audit rows keep a pseudonym.",
    access: users,
    params: userId,
    success: { status: 204, description: "Deleted." },
    errors: { 404: ["unknown_user"], 409: ["own_account", "last_admin"] },
  },
  {
    method: "get",
    path: "/api/admin/tokens",
    operationId: "listApiTokens",
    tag: "tokens",
    summary: "Every API token with its status, issuer and last use; never a secret or hash.",
    access: tokens,
    success: { status: 200, description: "The tokens.", schema: R.TokenList },
  },
  {
    method: "post",
    path: "/api/admin/tokens",
    operationId: "issueApiToken",
    tag: "tokens",
    summary: "Issue an API token acting as the issuing admin within a role (and area, for a dispatcher).",
    description: "Only from a signed-in session of an admin with 2FA, never with another token. The token is in this answer only.",
    access: { ...tokens, sessionOnly: true },
    body: { kind: "json", schema: IssueApiTokenInput },
    success: { status: 201, description: "The token (shown once), its id and prefix.", schema: R.IssuedToken },
    errors: { 403: ["session_required", "2fa_required"] },
  },
  {
    method: "delete",
    path: "/api/admin/tokens/{id}",
    operationId: "revokeApiToken",
    tag: "tokens",
    summary: "Revoke an API token (again for a revoked one).",
    access: tokens,
    params: { id: ApiTokenId.shape.id },
    success: { status: 204, description: "Revoked." },
    errors: { 404: ["token_not_found"] },
  },
  {
    method: "get",
    path: "/api/health",
    operationId: "getHealth",
    tag: "ops",
    summary: "Whether this instance can do work: the database with its latency, and Redis.",
    description: "/health is the same.",
    access: { kind: "public", note: "Public by design (load balancers): component status only." },
    success: { status: 200, description: "ok or degraded.", schema: R.Health },
    otherAnswers: [{ status: 503, description: "down: the database does not answer.", schema: R.Health }],
  },
  {
    method: "get",
    path: "/api/health/live",
    operationId: "getLiveness",
    tag: "ops",
    summary: "Liveness: answers without touching the database or Redis.",
    access: { kind: "public", note: "Public: a constant answer." },
    success: { status: 200, description: "Alive.", schema: R.Liveness },
  },
  {
    method: "get",
    path: "/api/system_health",
    operationId: "getSystemHealth",
    tag: "ops",
    summary: "Every component with its light and the thresholds behind it.",
    access: { kind: "permission", permission: "health:view" },
    success: { status: 200, description: "Health, pool, cache, memory, errors and more.", schema: R.SystemHealth },
  },
  {
    method: "get",
    path: "/api/stats",
    operationId: "getStats",
    tag: "ops",
    summary: "The dashboard's counters; dispatchers get their area's numbers.",
    access: dashboard,
    success: { status: 200, description: "The counters.", schema: R.Stats },
  },
  {
    method: "get",
    path: "/api/stats/activity",
    operationId: "getDashboardActivity",
    tag: "ops",
    summary: "Today's scans per IST hour, the caller's own count and recent events (area-scoped like /api/stats).",
    access: dashboard,
    success: { status: 200, description: "The activity.", schema: R.DashboardActivity },
  },
  {
    method: "get",
    path: "/api/status/{token}",
    operationId: "getPublicBillStatus",
    tag: "ops",
    summary: "A bill's public status for anyone holding its signed link: no names, no vehicle.",
    access: { kind: "public", note: "Public: the signed token in the path is the only key. 60 look-ups a minute per IP." },
    params: { token: z.string() },
    success: { status: 200, description: "The bill's status.", schema: R.PublicStatus },
    errors: { 400: ["invalid_link"], 404: ["not_found"], 410: ["expired_link"], 429: ["rate_limited"] },
  },
  {
    method: "get",
    path: "/api/openapi.json",
    operationId: "getOpenApiDocument",
    tag: "ops",
    summary: "This API's OpenAPI 3.1 description, generated from the schemas the routes validate with.",
    access: { kind: "public", note: "Public: the API's shape is not a secret." },
    success: { status: 200, description: "The OpenAPI document.", schema: R.OpenApiDocumentShape },
  },
  {
    method: "get",
    path: "/api/docs",
    operationId: "getApiReference",
    tag: "ops",
    summary: "This reference as a web page.",
    access: { kind: "public", note: "Public: the API's shape is not a secret." },
    success: { status: 200, description: "The reference page.", files: ["text/html"] },
  },
];
