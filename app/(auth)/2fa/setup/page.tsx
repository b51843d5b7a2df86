import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { logout } from "@/app/(auth)/login/actions";
import { AuthCard } from "@/components/auth/auth-card";
import { TotpSetup } from "@/components/auth/totp-setup";
import { safeNextPath } from "@/lib/schemas/auth";
import { requirePageUser } from "@/lib/server/auth/guards";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("auth.setup");
  return { title: t("title") };
}

export default async function TwoFactorSetupPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const user = await requirePageUser({ allowMissing2fa: true, allowCustomer: true });
  const { next } = await searchParams;
  const nextPath = safeNextPath(typeof next === "string" ? next.slice(0, 512) : "/profile");
  const t = await getTranslations("auth.setup");
  return (
    <AuthCard title={t("title")} subtitle={user.role === "admin" && !user.totpEnabled ? t("adminMust") : undefined}>
      {user.totpEnabled ? (
        <p className="text-slate-700">
          {t.rich("alreadyOn", {
            username: user.username,
            link: (label) => (
              <Link href="/profile" className="font-medium text-brand-700 underline">
                {label}
              </Link>
            ),
          })}
        </p>
      ) : (
        <TotpSetup next={nextPath} />
      )}
      <form action={logout} className="mt-6 border-t border-slate-200 pt-4 text-center">
        <button type="submit" className="text-sm font-medium text-slate-700 underline">
          {t("signOut", { username: user.username })}
        </button>
      </form>
    </AuthCard>
  );
}
