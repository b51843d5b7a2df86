import type { Metadata } from "next";
import Link from "next/link";
import { ChangePasswordForm } from "@/components/auth/change-password-form";
import { DisableTwoFactorForm } from "@/components/auth/disable-two-factor-form";
import { RegenerateBackupCodesForm } from "@/components/auth/regenerate-backup-codes-form";
import { PromotionStatus } from "@/components/profile/promotion-status";
import { PageHeader } from "@/components/ui/page-header";
import { formatArea, formatRole } from "@/lib/domain";
import { can } from "@/lib/permissions";
import { BACKUP_CODE_COUNT, countUnusedBackupCodes } from "@/lib/server/auth/backup-codes";
import { requirePageUser } from "@/lib/server/auth/guards";
import { getDb } from "@/lib/server/db";
import { getOwnPromotionState } from "@/lib/server/promotions/requests";

export const metadata: Metadata = { title: "Profile" };

export default async function ProfilePage() {
  const user = await requirePageUser({ allowCustomer: true });
  const db = getDb();
  const [backupLeft, promotion] = await Promise.all([
    user.totpEnabled ? countUnusedBackupCodes(db, user.id) : 0,
    can(user.role, "promotion:request") ? getOwnPromotionState(db, user.id) : null,
  ]);
  return (
    <section className="max-w-2xl space-y-8">
      <PageHeader
        title="Profile"
        subtitle={`${user.username} · ${formatRole(user.role)}${user.role === "dispatcher" ? ` · ${formatArea(user.dispatchArea)}` : ""}`}
      />
      <section aria-labelledby="password-title" className="space-y-3">
        <h2 id="password-title" className="text-lg font-semibold">
          Password
        </h2>
        <ChangePasswordForm />
      </section>
      <section aria-labelledby="tfa-title" className="space-y-3">
        <h2 id="tfa-title" className="text-lg font-semibold">
          Two-factor authentication
        </h2>
        {user.totpEnabled ? (
          <>
            <p data-testid="tfa-status" className="text-slate-700">
              On. Backup codes left: <strong data-testid="backup-codes-left">{backupLeft}</strong> (unused, of {BACKUP_CODE_COUNT}).
              {backupLeft <= 3 && " Running low: regenerate them below."}
            </p>
            <details className="rounded-lg border border-slate-200 bg-white p-3">
              <summary className="cursor-pointer font-semibold">Replace my backup codes</summary>
              <div className="mt-3">
                <RegenerateBackupCodesForm />
              </div>
            </details>
            <DisableTwoFactorForm adminWarning={user.role === "admin"} />
          </>
        ) : (
          <>
            <p data-testid="tfa-status" className="text-slate-700">
              Off. A code from your phone at each sign-in keeps your account safe even if your password leaks.
            </p>
            <Link href="/2fa/setup?next=%2Fprofile" className="inline-block rounded-md bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-900">
              Set up two-factor authentication
            </Link>
          </>
        )}
      </section>
      {promotion && (
        <section aria-labelledby="promotion-title" className="space-y-3">
          <h2 id="promotion-title" className="text-lg font-semibold">
            Promotion
          </h2>
          <PromotionStatus state={promotion} />
        </section>
      )}
    </section>
  );
}
