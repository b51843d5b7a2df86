import type { Metadata } from "next";
import Link from "next/link";
import { logout } from "@/app/(auth)/login/actions";
import { AuthCard } from "@/components/auth/auth-card";
import { TotpSetup } from "@/components/auth/totp-setup";
import { safeNextPath } from "@/lib/schemas/auth";
import { requirePageUser } from "@/lib/server/auth/guards";

export const metadata: Metadata = { title: "Set up two-factor authentication" };

export default async function TwoFactorSetupPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const user = await requirePageUser({ allowMissing2fa: true, allowCustomer: true });
  const { next } = await searchParams;
  const nextPath = safeNextPath(typeof next === "string" ? next.slice(0, 512) : "/profile");
  return (
    <AuthCard
      title="Set up two-factor authentication"
      subtitle={user.role === "admin" && !user.totpEnabled ? "Admins must use two-factor authentication before they can continue." : undefined}
    >
      {user.totpEnabled ? (
        <p className="text-slate-700">
          Two-factor authentication is already on for {user.username}.{" "}
          <Link href="/profile" className="font-medium text-brand-700 underline">
            Manage it on your profile
          </Link>
          .
        </p>
      ) : (
        <TotpSetup next={nextPath} />
      )}
      <form action={logout} className="mt-6 border-t border-slate-200 pt-4 text-center">
        <button type="submit" className="text-sm font-medium text-slate-700 underline">
          Sign out ({user.username})
        </button>
      </form>
    </AuthCard>
  );
}
