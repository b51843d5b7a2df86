"use client";

import { useTranslations } from "next-intl";
import { logout } from "@/app/(auth)/login/actions";
import { forgetKeptPages } from "@/components/offline/use-service-worker";
import { forgetStationsInThisTab } from "@/components/station/station-memory";

/**
 * The header's Sign out: a deliberate end (a shift handing over a shared floor PC), so this tab
 * forgets what its stations remembered, and the browser forgets the station pages it kept for
 * offline use. A session that times out keeps both, to resume after signing in.
 */
export function SignOutButton({ className }: { className: string }) {
  const t = useTranslations("shell");
  return (
    <form
      action={logout}
      onSubmit={() => {
        forgetStationsInThisTab();
        void forgetKeptPages();
      }}
    >
      <button type="submit" className={className}>
        {t("header.signOut")}
      </button>
    </form>
  );
}
