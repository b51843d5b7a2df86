import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { TwoFactorForm } from "@/components/auth/two-factor-form";
import { safeNextPath } from "@/lib/schemas/auth";
import { readPending2fa } from "@/lib/server/auth/pending-2fa";
import { getDb } from "@/lib/server/db";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("auth.twoFactor");
  return { title: t("title") };
}

// Only reachable half-way through signing in: without a valid pending cookie it is /login.
export default async function TwoFactorPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const { next } = await searchParams;
  const nextPath = safeNextPath(typeof next === "string" ? next.slice(0, 512) : undefined);
  const pending = await readPending2fa(getDb());
  if (!pending) redirect(`/login?next=${encodeURIComponent(nextPath)}`);
  const t = await getTranslations("auth.twoFactor");
  return (
    <AuthCard title={t("title")} subtitle={t("signingInAs", { username: pending.username })}>
      <TwoFactorForm next={nextPath} />
      <p className="mt-4 text-center text-sm">
        <Link href="/login" className="font-medium text-brand-700 underline">
          {t("startAgain")}
        </Link>
      </p>
    </AuthCard>
  );
}
