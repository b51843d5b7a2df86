import type { Role } from "../domain";

/** A session as the admin list shows it: identified by a hash, never by its token. */
export interface ActiveSession {
  id: string;
  userId: string;
  username: string;
  role: Role;
  ip: string | null;
  userAgent: string | null;
  createdAt: Date;
  lastActiveAt: Date;
  expiresAt: Date;
  current: boolean;
}
