import { ROLES } from "../domain";
import { can } from "../permissions";
import { IdempotencyKey } from "../schemas/scan";
import { asAnswer, jsonSchemaOf, objectFields, withoutFields, type JsonSchema } from "./json-schema";
import { API_OPERATIONS } from "./registry";
import { ErrorBody } from "./answers/shared";
import { API_TAGS, type ApiOperation, type ApiSuccess, type ApiTag, type ErrorStatus } from "./types";

// The OpenAPI 3.1 description of the JSON API (GET /api/openapi.json, and the /api/docs page),
// built from lib/openapi/registry.ts. Pure: the same input gives the same document.

export type OpenApiDocument = JsonSchema & { openapi: string; paths: Record<string, Record<string, JsonSchema>> };

export interface DocumentOptions {
  /** info.version: the app's version. */
  version: string;
  /** The session cookie's name as this deployment sets it. */
  sessionCookie?: string;
}

export const TAG_DESCRIPTIONS: Record<ApiTag, string> = {
  scan: "The packing station: parents, children, undo, finish.",
  bags: "One bag.",
  bills: "Bills, their parents and load checks.",
  passes: "Gate passes and the gate.",
  returns: "Return tickets (IPT).",
  labels: "Printed QR labels.",
  portal: "The customer portal.",
  data: "Imports and exports.",
  reports: "Reports.",
  users: "User accounts (admins).",
  tokens: "API tokens (admins).",
  ops: "Health, statistics, the public status link and this reference.",
};

const STATUS_TEXT: Record<number, string> = {
  200: "OK",
  201: "Created",
  204: "No content",
  400: "Invalid input",
  401: "Not signed in, or the API token is invalid or expired",
  403: "Not allowed",
  404: "Not found",
  409: "Conflict with the current state",
  410: "Gone",
  413: "Too large",
  415: "Unsupported media type",
  429: "Too many requests (see Retry-After)",
  503: "Unavailable",
};

const SESSION_SCHEME = "sessionCookie";
const TOKEN_SCHEME = "apiToken";
const ERROR_REF = { $ref: "#/components/schemas/ErrorBody" };

/** Who holds a permission, from the one matrix (lib/permissions.ts). */
export function rolesFor(permission: Parameters<typeof can>[1]): string[] {
  return ROLES.filter((role) => can(role, permission));
}

/** The refusals every operation of its kind may answer, beside its own codes. */
function errorCodes(op: ApiOperation): Map<ErrorStatus, string[]> {
  const codes = new Map<ErrorStatus, string[]>();
  const add = (status: ErrorStatus, list: readonly string[]) => codes.set(status, [...new Set([...(codes.get(status) ?? []), ...list])]);
  if (op.access.kind === "permission") {
    add(401, ["unauthenticated", "invalid_token"]);
    add(403, ["forbidden", "2fa_required", "password_change_required"]);
    if (!op.access.allowCustomer) add(403, ["customer_account"]);
    if (op.method !== "get") add(403, ["read_only_token", "bad_origin"]);
    add(429, ["rate_limited"]);
  }
  if (op.query) add(400, ["invalid_input"]);
  if (op.body?.kind === "json") {
    add(400, ["invalid_input", "invalid_json"]);
    add(413, ["payload_too_large"]);
    add(415, ["unsupported_media_type"]);
  }
  if (op.body?.kind === "multipart") {
    add(400, ["invalid_input"]);
    add(415, ["unsupported_media_type"]);
  }
  for (const [status, list] of Object.entries(op.errors ?? {})) add(Number(status) as ErrorStatus, list ?? []);
  return new Map([...codes].sort(([a], [b]) => a - b));
}

function parameters(op: ApiOperation): JsonSchema[] {
  const pathNames = Object.keys(op.params ?? {});
  const out: JsonSchema[] = Object.entries(op.params ?? {}).map(([name, schema]) => ({ name, in: "path", required: true, schema: jsonSchemaOf(schema, "input") }));
  const query = new Map<string, { param: JsonSchema; notes: string[] }>();
  for (const part of op.query ?? []) {
    const { properties, required } = objectFields(jsonSchemaOf(part.schema, "input"));
    for (const [name, schema] of Object.entries(properties)) {
      if (pathNames.includes(name) || part.omit?.includes(name)) continue;
      const seen = query.get(name);
      if (seen) seen.notes.push(part.note ?? "");
      else query.set(name, { param: { name, in: "query", required: required.includes(name), schema }, notes: [part.note ?? ""] });
    }
  }
  const parts = op.query?.length ?? 0;
  for (const { param, notes } of query.values()) {
    // A field only some of the schemas take (exports: per dataset) says which.
    out.push(parts > 1 && notes.length < parts ? { ...param, description: `Only for: ${notes.join("; ")}.` } : param);
  }
  if (op.idempotencyHeader) {
    out.push({
      name: "Idempotency-Key",
      in: "header",
      required: false,
      description: "The scan's idempotency key (or `idempotencyKey` in the body; not both different). A repeat answers the first answer again, with Idempotency-Replayed: true.",
      schema: jsonSchemaOf(IdempotencyKey, "input"),
    });
  }
  return out;
}

function requestBody(op: ApiOperation): JsonSchema | undefined {
  const body = op.body;
  if (!body) return undefined;
  if (body.kind === "json") {
    const fromPath = body.fromPath ?? Object.keys(op.params ?? {});
    return { required: !body.optional, content: { "application/json": { schema: withoutFields(jsonSchemaOf(body.schema, "input"), fromPath) } } };
  }
  const fields = withoutFields(jsonSchemaOf(body.schema, "input"), body.omit ?? []);
  const { properties, required } = objectFields(fields);
  const schema = {
    type: "object",
    properties: { [body.fileField]: { type: "string", contentMediaType: "application/octet-stream", description: "The file (.csv or .xlsx)." }, ...properties },
    required: [body.fileField, ...required],
  };
  return { required: true, content: { "multipart/form-data": { schema } } };
}

function answer(success: ApiSuccess): JsonSchema {
  const response: JsonSchema = { description: success.description };
  if (success.schema) response.content = { "application/json": { schema: asAnswer(jsonSchemaOf(success.schema, "output")) } };
  else if (success.files) response.content = Object.fromEntries(success.files.map((type) => [type, { schema: { type: "string", contentMediaType: type } }]));
  return response;
}

function responses(op: ApiOperation): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = { [String(op.success.status)]: answer(op.success) };
  for (const other of op.otherAnswers ?? []) out[String(other.status)] = answer(other);
  for (const [status, codes] of errorCodes(op)) {
    const response: JsonSchema = {
      description: `${STATUS_TEXT[status] ?? "Refused"}. error.code: ${codes.join(", ")}.`,
      content: { "application/json": { schema: ERROR_REF } },
      "x-error-codes": codes,
    };
    if (status === 429) response.headers = { "Retry-After": { description: "Seconds to wait.", schema: { type: "integer", minimum: 0 } } };
    out[String(status)] = response;
  }
  return out;
}

function operation(op: ApiOperation): JsonSchema {
  const access = op.access;
  const out: JsonSchema = {
    operationId: op.operationId,
    tags: [op.tag],
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    security: access.kind === "public" ? [] : access.sessionOnly ? [{ [SESSION_SCHEME]: [] }] : [{ [SESSION_SCHEME]: [] }, { [TOKEN_SCHEME]: [] }],
    "x-access":
      access.kind === "public"
        ? { public: true, note: access.note }
        : { permission: access.permission, roles: rolesFor(access.permission), ...(access.sessionOnly ? { sessionOnly: true } : {}) },
  };
  const params = parameters(op);
  if (params.length > 0) out.parameters = params;
  const body = requestBody(op);
  if (body) out.requestBody = body;
  out.responses = responses(op);
  return out;
}

const DESCRIPTION = [
  "The JSON API of TraceTrack (DESIGN.md §6, §6b). Every refusal is `{error:{code,message,fields?}}` with a fitting status.",
  "Authenticate with the session cookie (browsers) or `Authorization: Bearer tt_…` (an API token issued by an admin: it acts as its issuer within its role and area; a readonly token may only GET).",
  "A request that changes something needs a same-origin `Origin` (or a bearer token) and its body as `Content-Type: application/json`, at most 64 kB.",
  "Rate limits: 429 with Retry-After.",
].join("\n\n");

/** The OpenAPI 3.1 document of every operation in the registry. */
export function buildOpenApiDocument(options: DocumentOptions, operations: readonly ApiOperation[] = API_OPERATIONS): OpenApiDocument {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const op of operations) {
    const item = (paths[op.path] ??= {});
    if (item[op.method]) throw new Error(`OpenAPI registry: ${op.method.toUpperCase()} ${op.path} is listed twice`);
    item[op.method] = operation(op);
  }
  const cookie = options.sessionCookie ?? "__Secure-authjs.session-token";
  return {
    openapi: "3.1.0",
    info: { title: "TraceTrack API", version: options.version, description: DESCRIPTION },
    servers: [{ url: "/" }],
    tags: API_TAGS.map((name) => ({ name, description: TAG_DESCRIPTIONS[name] })),
    paths,
    components: {
      schemas: { ErrorBody: jsonSchemaOf(ErrorBody, "output") },
      securitySchemes: {
        [SESSION_SCHEME]: { type: "apiKey", in: "cookie", name: cookie, description: "The signed-in browser session (HttpOnly; set by signing in)." },
        [TOKEN_SCHEME]: { type: "http", scheme: "bearer", bearerFormat: "tt_…", description: "An API token (Admin → API tokens): role- and area-scoped, hashed at rest." },
      },
    },
  };
}
