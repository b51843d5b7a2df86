"use client";

import { logout } from "@/app/(auth)/login/actions";
import { forgetStationsInThisTab } from "@/components/station/station-memory";

/**
 * The header's Sign out: a deliberate end (a shift handing over a shared floor PC), so this tab
 * forgets what its stations remembered. A session that times out keeps it, to resume after signing in.
 */
export function SignOutButton({ className }: { className: string }) {
  return (
    <form action={logout} onSubmit={forgetStationsInThisTab}>
      <button type="submit" className={className}>
        Sign out
      </button>
    </form>
  );
}
