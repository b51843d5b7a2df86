import type { z } from "zod";
import type { Action } from "../permissions";

// One entry per (path, method) of the JSON API: what lib/openapi/document.ts turns into the
// OpenAPI description. Schemas are the zod objects the route's verb parses with, never copies.

export const HTTP_METHODS = ["get", "post", "put", "patch", "delete"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** The reference's sections, in the order the document and the docs page list them. */
export const API_TAGS = ["scan", "bags", "bills", "passes", "returns", "labels", "portal", "data", "reports", "users", "tokens", "ops"] as const;
export type ApiTag = (typeof API_TAGS)[number];

/** Who may call an operation: anyone, or a signed-in caller (session or token) allowed `permission`. */
export type ApiAccess =
  | { kind: "public"; note: string }
  | {
      kind: "permission";
      permission: Action;
      /** A customer account passes the guard (the portal); every other route refuses one. */
      allowCustomer?: true;
      /** Refuses API tokens: a signed-in browser session only. */
      sessionOnly?: true;
    };

/** A query string's fields: the properties of `schema` (an object, or an intersection of objects). */
export interface ApiQuery {
  schema: z.ZodType;
  /** Which of several schemas this is (a route whose filters depend on the path). */
  note?: string;
  /** Properties the route ignores. */
  omit?: readonly string[];
}

export interface ApiJsonBody {
  kind: "json";
  schema: z.ZodType;
  /** Keys of `schema` the route fills from the path (default: the path parameters' names). */
  fromPath?: readonly string[];
  /** An empty body reads as `{}`. */
  optional?: true;
}

export interface ApiMultipartBody {
  kind: "multipart";
  /** The form's text fields (and `fileField`, sent as a file). */
  schema: z.ZodType;
  fileField: string;
  /** Keys of `schema` the route fills itself (e.g. the file's name). */
  omit?: readonly string[];
}

export interface ApiSuccess {
  status: number;
  description: string;
  /** The JSON body; none for 204 or a file. */
  schema?: z.ZodType;
  /** A file download: its media types. */
  files?: readonly string[];
}

/** The statuses of the error shape `{error:{code,message,fields?}}` an operation may answer. */
export const ERROR_STATUSES = [400, 401, 403, 404, 409, 410, 413, 415, 429, 503] as const;
export type ErrorStatus = (typeof ERROR_STATUSES)[number];

export interface ApiOperation {
  method: HttpMethod;
  /** OpenAPI form: /api/bills/{billNumber}. */
  path: string;
  operationId: string;
  tag: ApiTag;
  summary: string;
  description?: string;
  access: ApiAccess;
  /** Path parameters: the schema each segment is read with. */
  params?: Record<string, z.ZodType>;
  query?: readonly ApiQuery[];
  body?: ApiJsonBody | ApiMultipartBody;
  /** The scan routes also take their idempotency key as the Idempotency-Key header. */
  idempotencyHeader?: true;
  success: ApiSuccess;
  /** Other answers that are not the error shape (e.g. /api/health's 503 with its usual body). */
  otherAnswers?: readonly ApiSuccess[];
  /** Error codes beyond the generic ones (401/403/429 of the guards, 400/413/415 of a body), by status. */
  errors?: Partial<Record<ErrorStatus, readonly string[]>>;
}
