import type { Metadata } from "next";
import { ChangePasswordForm } from "@/components/auth/change-password-form";
import { PageHeader } from "@/components/ui/page-header";
import { safeNextPath } from "@/lib/schemas/auth";
import { requirePageUser } from "@/lib/server/auth/guards";

export const metadata: Metadata = { title: "Change your password" };

// Where a user with a temporary password is held until they choose their own.
export default async function ChangePasswordPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const user = await requirePageUser({ allowPasswordChange: true, allowMissing2fa: true, allowCustomer: true });
  const { next } = await searchParams;
  const nextPath = safeNextPath(typeof next === "string" ? next.slice(0, 512) : undefined);
  return (
    <section className="max-w-2xl space-y-4">
      <PageHeader title="Change your password" />
      <p className="text-slate-700">
        {user.mustChangePassword
          ? "You signed in with a temporary password. Choose your own password to continue."
          : "Choose a new password for your account."}
      </p>
      <ChangePasswordForm next={nextPath} />
    </section>
  );
}
