import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { safeNextPath } from "@/lib/schemas/auth";
import { getCurrentUser } from "@/lib/server/auth/session";
import { REGISTERED_NOTICE, registrationOpen } from "@/lib/server/users/register";

export const metadata: Metadata = { title: "Sign in" };

type Search = { next?: string | string[]; expired?: string | string[]; registered?: string | string[] };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Search> }) {
  const { next, expired, registered } = await searchParams;
  const nextPath = typeof next === "string" ? next.slice(0, 512) : undefined;
  if (await getCurrentUser()) redirect(safeNextPath(nextPath));
  return (
    <main className="flex min-h-dvh items-center justify-center bg-brand-900 p-4">
      <div className="w-full max-w-sm rounded-xl bg-white p-6 shadow-xl sm:p-8">
        <h1 className="text-2xl font-bold text-brand-900">TraceTrack</h1>
        <p className="mb-6 mt-1 text-sm text-slate-600">Sign in to your station</p>
        {expired === "1" && (
          <p className="mb-4 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
            Your session ended. Please sign in again.
          </p>
        )}
        {registered === "1" && (
          <p role="status" data-testid="registered-notice" className="mb-4 rounded-md border border-green-300 bg-green-50 px-3 py-2 text-sm text-green-900">
            {REGISTERED_NOTICE}
          </p>
        )}
        <LoginForm next={nextPath} />
        {registrationOpen() && (
          <p className="mt-4 text-center text-sm">
            New here?{" "}
            <Link href="/register" className="font-medium text-brand-700 underline">
              Create an account
            </Link>
          </p>
        )}
      </div>
    </main>
  );
}
