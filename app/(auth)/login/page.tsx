import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { safeNextPath } from "@/lib/schemas/auth";
import { getCurrentUser } from "@/lib/server/auth/session";
import { registrationOpen } from "@/lib/server/users/register";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("auth.login");
  return { title: t("title") };
}

type Search = { next?: string | string[]; expired?: string | string[]; registered?: string | string[] };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Search> }) {
  const { next, expired, registered } = await searchParams;
  const nextPath = typeof next === "string" ? next.slice(0, 512) : undefined;
  if (await getCurrentUser()) redirect(safeNextPath(nextPath));
  const t = await getTranslations("auth.login");
  const tc = await getTranslations("common");
  return (
    <main className="flex flex-1 items-center justify-center bg-brand-900 p-4">
      <div className="w-full max-w-sm rounded-xl bg-white p-6 shadow-xl sm:p-8">
        <h1 className="text-2xl font-bold text-brand-900">{tc("appName")}</h1>
        <p className="mb-6 mt-1 text-sm text-slate-600">{t("tagline")}</p>
        {expired === "1" && <p className="mb-4 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">{t("expired")}</p>}
        {registered === "1" && (
          <p role="status" data-testid="registered-notice" className="mb-4 rounded-md border border-green-300 bg-green-50 px-3 py-2 text-sm text-green-900">
            {t("registered")}
          </p>
        )}
        <LoginForm next={nextPath} />
        {registrationOpen() && (
          <p className="mt-4 text-center text-sm">
            {t.rich("newHere", {
              link: (label) => (
                <Link href="/register" className="font-medium text-brand-700 underline">
                  {label}
                </Link>
              ),
            })}
          </p>
        )}
      </div>
    </main>
  );
}
