import { AppShell } from "@/components/shell/app-shell";
import { SessionTimeout } from "@/components/session/session-timeout";
import { viewerOf } from "@/lib/dto/viewer";
import { requirePageSession } from "@/lib/server/auth/guards";
import { sessionPolicy, sessionStatusOf } from "@/lib/server/auth/session";
import { chosenPreferences } from "@/lib/server/users/preferences";

// The frame only; every page below checks its own access first (layouts never gate).
export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const user = await requirePageSession();
  const policy = sessionPolicy();
  return (
    <AppShell user={viewerOf(user)} preferences={await chosenPreferences(user)}>
      {children}
      <SessionTimeout initial={sessionStatusOf(user, policy)} idleMs={policy.idleMs} />
    </AppShell>
  );
}
