import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { AuthCard } from "@/components/auth/auth-card";
import { ResetPasswordForm } from "@/components/auth/reset-password-form";
import { RESET_TOKEN_TTL_MINUTES, resetLinkState } from "@/lib/server/auth/password-reset";
import { getDb } from "@/lib/server/db";

// The token is in the path: never send it on as a referrer.
export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("auth.reset");
  return { title: t("title"), referrer: "no-referrer" };
}

// Opening the page only reads the link's state (a mail scanner opening it cannot spend it); the
// token is used up only when the form is sent.
export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const token = (await params).token.slice(0, 200);
  const state = await resetLinkState(getDb(), token);
  const t = await getTranslations("auth");
  const back = (
    <p className="mt-4 text-center text-sm">
      <Link href="/login" className="font-medium text-brand-700 underline">
        {t("forgot.backToSignIn")}
      </Link>
    </p>
  );
  if (state !== "usable") {
    return (
      <AuthCard title={t("reset.unusable")}>
        <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-950">
          {t(`reset.problems.${state}`, { minutes: RESET_TOKEN_TTL_MINUTES })}
        </p>
        <Link href="/forgot-password" className="mt-4 block rounded-md bg-brand-700 px-4 py-3 text-center font-semibold text-white hover:bg-brand-900">
          {t("reset.askNew")}
        </Link>
        {back}
      </AuthCard>
    );
  }
  return (
    <AuthCard title={t("reset.title")} subtitle={t("reset.subtitle")}>
      <ResetPasswordForm token={token} />
      {back}
    </AuthCard>
  );
}
