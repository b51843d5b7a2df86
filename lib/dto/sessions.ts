import type { Role } from "../domain";

/** A session as the admin list shows it: identified by a hash, never by its token. */
export interface ActiveSession {
  id: string;
  userId: string;
  username: string;
  role: Role;
  ip: string | null;
  userAgent: string | null;
  /** The user agent as a person reads it ("Chrome 131 on Android"); null when there was none. */
  device: string | null;
  createdAt: Date;
  lastActiveAt: Date;
  expiresAt: Date;
  current: boolean;
}

/** One page of the admin session list, most recently active first. */
export interface SessionPage {
  rows: ActiveSession[];
  /** Live sessions matching the filter, on all pages. */
  total: number;
  /** 1-based; past the last page it is kept, and `rows` is empty. */
  page: number;
  pageCount: number;
}
