import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ChangePasswordForm } from "@/components/auth/change-password-form";
import { PageHeader } from "@/components/ui/page-header";
import { safeNextPath } from "@/lib/schemas/auth";
import { requirePageUser } from "@/lib/server/auth/guards";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("profile.password");
  return { title: t("pageTitle") };
}

// Where a user with a temporary password is held until they choose their own.
export default async function ChangePasswordPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const user = await requirePageUser({ allowPasswordChange: true, allowMissing2fa: true, allowCustomer: true });
  const { next } = await searchParams;
  const nextPath = safeNextPath(typeof next === "string" ? next.slice(0, 512) : undefined);
  const t = await getTranslations("profile.password");
  return (
    <section className="max-w-2xl space-y-4">
      <PageHeader title={t("pageTitle")} />
      <p className="text-slate-700">{user.mustChangePassword ? t("forced") : t("choose")}</p>
      <ChangePasswordForm next={nextPath} />
    </section>
  );
}
