import Link from "next/link";
import { logout } from "@/app/(auth)/login/actions";
import { formatArea, formatRole } from "@/lib/domain";
import type { Viewer } from "@/lib/dto/viewer";
import { navigationFor } from "@/lib/navigation";
import { can } from "@/lib/permissions";

/** The signed-in frame: brand, role-aware navigation, who is signed in, sign-out. */
export function AppShell({ user, children }: { user: Viewer; children: React.ReactNode }) {
  const nav = navigationFor(user.role);
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="bg-brand-900 text-white print:hidden">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
          <Link href="/dashboard" className="text-lg font-bold tracking-tight">
            TraceTrack
          </Link>
          <nav aria-label="Main" className="order-3 w-full overflow-x-auto sm:order-none sm:w-auto">
            <ul className="flex gap-1">
              {nav.map((item) => (
                <li key={item.href}>
                  <Link href={item.href} className="block rounded px-3 py-2 text-sm font-medium hover:bg-white/10">
                    {item.label}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          <form role="search" method="get" action="/lookup" className="order-4 flex w-full items-center gap-2 text-sm lg:order-none lg:ml-auto lg:w-auto">
            <label htmlFor="lookup-q" className="font-medium whitespace-nowrap">
              Find bag
            </label>
            <input
              id="lookup-q"
              name="q"
              type="search"
              placeholder={can(user.role, "bills:view") ? "QR or bill no." : "QR code"}
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              maxLength={64}
              className="min-h-10 min-w-0 flex-1 rounded border border-white/40 bg-white px-2 text-base text-slate-900 sm:max-w-sm lg:w-36 lg:flex-none"
            />
            <button type="submit" className="min-h-10 rounded border border-white/40 px-3 font-medium hover:bg-white/10">
              Go
            </button>
          </form>
          <div className="ml-auto flex items-center gap-3 text-sm lg:ml-0">
            <span data-testid="current-user">
              <span className="font-semibold">{user.username}</span>{" "}
              {/* On phones the name alone keeps the brand and Sign out on one row. */}
              <span className="hidden text-white/70 sm:inline">
                · {formatRole(user.role)}
                {user.role === "dispatcher" && ` · ${formatArea(user.dispatchArea)}`}
              </span>
            </span>
            <form action={logout}>
              <button type="submit" className="rounded border border-white/40 px-3 py-1.5 font-medium hover:bg-white/10">
                Sign out
              </button>
            </form>
          </div>
        </div>
      </header>
      <main className="mx-auto w-full max-w-6xl flex-1 px-4 py-6 print:max-w-none print:p-0">{children}</main>
    </div>
  );
}
