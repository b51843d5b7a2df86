import { ClientMessages } from "@/components/i18n/client-messages";
import { PreferenceMenus } from "@/components/shell/preference-menus";
import { getCurrentUser } from "@/lib/server/auth/session";
import { chosenPreferences } from "@/lib/server/users/preferences";

// The frame of the sign-in pages: the language and theme menus above the page's card, so a
// person can switch before signing in (remembered on this device; on the account once signed in).
export default async function AuthLayout({ children }: { children: React.ReactNode }) {
  const chosen = await chosenPreferences(await getCurrentUser());
  return (
    <div className="flex min-h-dvh flex-col bg-brand-900">
      <div className="px-4 pt-3">
        <PreferenceMenus locale={chosen.locale} theme={chosen.theme} look="bar" />
      </div>
      <ClientMessages namespaces={["auth"]}>{children}</ClientMessages>
    </div>
  );
}
