import type { DispatchArea } from "../domain";
import type { ApiTokenRole } from "../schemas/tokens";

/** The token a request was authenticated with (never its secret): carried by the actor, named in audit rows. */
export interface ApiTokenRef {
  id: string;
  prefix: string;
  /** A `readonly` token: GET and HEAD only. */
  readOnly: boolean;
}

export type ApiTokenStatus = "active" | "expired" | "revoked";

/** One row of the token list: never the secret or its hash. */
export interface ApiTokenRow {
  id: string;
  name: string;
  prefix: string;
  role: ApiTokenRole;
  area: DispatchArea | null;
  /** The issuing admin's username. */
  issuedBy: string;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  lastUsedIp: string | null;
  revokedAt: Date | null;
  status: ApiTokenStatus;
}

/** What issuing answers, once: the token itself is never shown again. */
export interface IssuedApiToken {
  token: string;
  id: string;
  prefix: string;
}

/** The issue form's answer: the token, once, and a line saying so. */
export interface IssuedApiTokenNotice extends IssuedApiToken {
  message: string;
}

/** What a refused issue form carries back (never a token). */
export interface ApiTokenEcho {
  values: { name?: string; role?: string; area?: string; expiresAt?: string; confirmAdmin?: boolean };
}

/** A revoke's answer in the list. */
export interface ApiTokenNotice {
  message: string;
}
