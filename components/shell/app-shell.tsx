import Link from "next/link";
import { useTranslations } from "next-intl";
import type { Viewer } from "@/lib/dto/viewer";
import { homePathFor, navigationFor } from "@/lib/navigation";
import { can } from "@/lib/permissions";
import type { Locale, Theme } from "@/lib/preferences";
import { HeaderMenu } from "./header-menu";
import { CurrentSection, NavLinks } from "./nav-links";
import { PreferenceMenus } from "./preference-menus";
import { ShellMain } from "./shell-main";
import { SignOutButton } from "./sign-out-button";

/**
 * The signed-in frame: brand, role-aware navigation (marking where you are), the lookup, the
 * language and theme menus, who is signed in, sign-out. On phones all but the brand fold into one
 * menu button, so a station's scan input sits near the top of the screen.
 */
export function AppShell({
  user,
  preferences,
  children,
}: {
  user: Viewer;
  /** What the menus show as chosen (the account's, else this device's; null: browser / system). */
  preferences: { locale: Locale | null; theme: Theme | null };
  children: React.ReactNode;
}) {
  const t = useTranslations("shell");
  const tc = useTranslations("common");
  const nav = navigationFor(user.role);
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="bg-brand-900 text-white print:hidden">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3 max-sm:gap-x-3 max-sm:py-0">
          <Link href={homePathFor(user.role)} className="text-lg font-bold tracking-tight">
            {tc("appName")}
          </Link>
          <CurrentSection items={nav} />
          <HeaderMenu>
            <nav aria-label={t("header.mainNav")} className="order-3 w-full overflow-x-auto sm:order-none sm:w-auto">
              <NavLinks items={nav} />
            </nav>
            {/* The gate has no bags to find. */}
            {can(user.role, "bags:view_own_area") && (
              <form role="search" method="get" action="/lookup" className="order-4 flex w-full items-center gap-2 text-sm lg:order-none lg:ml-auto lg:w-auto">
                <label htmlFor="lookup-q" className="font-medium whitespace-nowrap">
                  {t("header.findBag")}
                </label>
                <input
                  id="lookup-q"
                  name="q"
                  type="search"
                  placeholder={can(user.role, "bills:view") ? t("header.findPlaceholderWithBills") : t("header.findPlaceholder")}
                  autoComplete="off"
                  autoCapitalize="characters"
                  spellCheck={false}
                  maxLength={64}
                  className="min-h-10 min-w-0 flex-1 rounded border border-white/40 bg-white px-2 text-base text-slate-900 sm:max-w-sm lg:w-36 lg:flex-none"
                />
                <button type="submit" className="min-h-10 rounded border border-white/40 px-3 font-medium hover:bg-white/10">
                  {t("header.go")}
                </button>
              </form>
            )}
            <div className="ml-auto flex items-center gap-3 text-sm max-sm:order-5 max-sm:ml-0 max-sm:flex-col max-sm:items-stretch">
              <PreferenceMenus locale={preferences.locale} theme={preferences.theme} look="header" />
              <div className="flex items-center gap-3 max-sm:justify-between">
                <span data-testid="current-user">
                  <span className="font-semibold">{user.username}</span>{" "}
                  <span className="text-white/70">
                    · {tc(`roles.${user.role}`)}
                    {user.role === "dispatcher" && ` · ${tc(`areas.${user.dispatchArea ?? "none"}`)}`}
                  </span>
                </span>
                <SignOutButton className="rounded border border-white/40 px-3 py-1.5 font-medium hover:bg-white/10 max-sm:min-h-11" />
              </div>
            </div>
          </HeaderMenu>
        </div>
      </header>
      <ShellMain>{children}</ShellMain>
    </div>
  );
}
