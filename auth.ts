import { DrizzleAdapter } from "@auth/drizzle-adapter";
import NextAuth from "next-auth";
import type { Adapter } from "next-auth/adapters";
import { accounts, sessions, users, verificationTokens } from "@/db/schema";
import { getDb } from "@/lib/server/db";
import { getEnv } from "@/lib/server/env";

// The ONLY Auth.js entry point. Sessions are rows in `sessions` written through the Drizzle
// adapter (revocable). Auth.js refuses Credentials with database sessions, so the login action
// verifies the password itself and creates the row via this adapter (lib/server/auth/session.ts).

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

export const { handlers } = NextAuth(() => {
  const env = getEnv();
  return {
    adapter: getAuthAdapter(),
    providers: [],
    secret: env.authSecret,
    trustHost: true,
    useSecureCookies: env.cookieSecure,
    session: { strategy: "database", maxAge: env.SESSION_IDLE_MINUTES * 60, updateAge: 60 },
    callbacks: {
      // Auth.js's own /api/auth/session answers with the bare minimum, and only within the
      // absolute lifetime; the app itself resolves sessions in lib/server/auth/session.ts.
      session({ session, user }) {
        const created = (session as unknown as { createdAt?: string | Date }).createdAt;
        const age = created ? Date.now() - new Date(created).getTime() : Infinity;
        if (age > env.SESSION_ABSOLUTE_MINUTES * 60_000) throw new Error("session past its absolute lifetime");
        return { expires: session.expires, user: { id: user.id, name: user.name } } as typeof session;
      },
    },
  };
});
