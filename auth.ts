import { DrizzleAdapter } from "@auth/drizzle-adapter";
import type { Adapter } from "next-auth/adapters";
import { accounts, sessions, users, verificationTokens } from "@/db/schema";
import { getDb } from "@/lib/server/db";

// The ONLY Auth.js entry point: sessions are rows in `sessions` written through this adapter
// (lib/server/auth/session.ts; Auth.js refuses Credentials with database sessions). Its /api/auth
// endpoints are not mounted: the app calls none, and their sign-out skipped the audited `logout`.

let adapter: Adapter | undefined;
/** Built lazily so `next build` never opens a database. */
export function getAuthAdapter(): Adapter {
  adapter ??= DrizzleAdapter(getDb(), {
    usersTable: users,
    accountsTable: accounts,
    sessionsTable: sessions,
    verificationTokensTable: verificationTokens,
  });
  return adapter;
}

export function sessionCookieName(secure: boolean): string {
  return secure ? "__Secure-authjs.session-token" : "authjs.session-token";
}
