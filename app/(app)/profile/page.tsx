import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { ChangePasswordForm } from "@/components/auth/change-password-form";
import { DisableTwoFactorForm } from "@/components/auth/disable-two-factor-form";
import { RegenerateBackupCodesForm } from "@/components/auth/regenerate-backup-codes-form";
import { PromotionStatus } from "@/components/profile/promotion-status";
import { PreferenceMenus } from "@/components/shell/preference-menus";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/permissions";
import { BACKUP_CODE_COUNT, countUnusedBackupCodes } from "@/lib/server/auth/backup-codes";
import { requirePageUser } from "@/lib/server/auth/guards";
import { getDb } from "@/lib/server/db";
import { getOwnPromotionState } from "@/lib/server/promotions/requests";
import { chosenPreferences } from "@/lib/server/users/preferences";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("profile");
  return { title: t("title") };
}

export default async function ProfilePage() {
  const user = await requirePageUser({ allowCustomer: true });
  const db = getDb();
  const [backupLeft, promotion, chosen] = await Promise.all([
    user.totpEnabled ? countUnusedBackupCodes(db, user.id) : 0,
    can(user.role, "promotion:request") ? getOwnPromotionState(db, user.id) : null,
    chosenPreferences(user),
  ]);
  const t = await getTranslations("profile");
  const tc = await getTranslations("common");
  const role = tc(`roles.${user.role}`);
  return (
    <section className="max-w-2xl space-y-8">
      <PageHeader
        title={t("title")}
        subtitle={`${user.username} · ${role}${user.role === "dispatcher" ? ` · ${tc(`areas.${user.dispatchArea ?? "none"}`)}` : ""}`}
      />
      <section aria-labelledby="password-title" className="space-y-3">
        <h2 id="password-title" className="text-lg font-semibold">
          {t("password.title")}
        </h2>
        <ChangePasswordForm />
      </section>
      <section aria-labelledby="tfa-title" className="space-y-3">
        <h2 id="tfa-title" className="text-lg font-semibold">
          {t("tfa.title")}
        </h2>
        {user.totpEnabled ? (
          <>
            <p data-testid="tfa-status" className="text-slate-700">
              {t.rich("tfa.on", {
                left: backupLeft,
                total: BACKUP_CODE_COUNT,
                b: (chunks) => <strong data-testid="backup-codes-left">{chunks}</strong>,
              })}
              {backupLeft <= 3 && t("tfa.runningLow")}
            </p>
            <details className="rounded-lg border border-slate-200 bg-white p-3">
              <summary className="cursor-pointer font-semibold">{t("tfa.replace")}</summary>
              <div className="mt-3">
                <RegenerateBackupCodesForm />
              </div>
            </details>
            <DisableTwoFactorForm adminWarning={user.role === "admin"} />
          </>
        ) : (
          <>
            <p data-testid="tfa-status" className="text-slate-700">
              {t("tfa.off")}
            </p>
            <Link href="/2fa/setup?next=%2Fprofile" className="inline-block rounded-md bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-900">
              {t("tfa.setUp")}
            </Link>
          </>
        )}
      </section>
      <section aria-labelledby="preferences-title" className="space-y-3" data-testid="profile-preferences">
        <h2 id="preferences-title" className="text-lg font-semibold">
          {t("preferences.title")}
        </h2>
        <p className="text-sm text-slate-700">{t("preferences.intro")}</p>
        <PreferenceMenus locale={chosen.locale} theme={chosen.theme} look="page" />
      </section>
      {promotion && (
        <section aria-labelledby="promotion-title" className="space-y-3">
          <h2 id="promotion-title" className="text-lg font-semibold">
            {t("promotion.title")}
          </h2>
          <PromotionStatus state={promotion} />
        </section>
      )}
    </section>
  );
}
