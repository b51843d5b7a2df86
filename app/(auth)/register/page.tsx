import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { notFound, redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { RegisterForm } from "@/components/auth/register-form";
import { getCurrentUser } from "@/lib/server/auth/session";
import { registrationOpen } from "@/lib/server/users/register";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("auth.register");
  return { title: t("title") };
}

export default async function RegisterPage() {
  // Someone signed in has an account already: like /login, straight on to the dashboard.
  if (await getCurrentUser()) redirect("/dashboard");
  if (!registrationOpen()) notFound();
  const t = await getTranslations("auth.register");
  return (
    <AuthCard title={t("title")} subtitle={t("subtitle")}>
      <RegisterForm />
      <p className="mt-4 text-center text-sm">
        {t.rich("haveAccount", {
          link: (label) => (
            <Link href="/login" className="font-medium text-brand-700 underline">
              {label}
            </Link>
          ),
        })}
      </p>
    </AuthCard>
  );
}
