import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { RegisterForm } from "@/components/auth/register-form";
import { getCurrentUser } from "@/lib/server/auth/session";
import { registrationOpen } from "@/lib/server/users/register";

export const metadata: Metadata = { title: "Create an account" };

export default async function RegisterPage() {
  // Someone signed in has an account already: like /login, straight on to the dashboard.
  if (await getCurrentUser()) redirect("/dashboard");
  if (!registrationOpen()) notFound();
  return (
    <AuthCard title="Create an account" subtitle="For dispatch floor staff. An admin assigns your dispatch area before you can scan.">
      <RegisterForm />
      <p className="mt-4 text-center text-sm">
        Already have an account?{" "}
        <Link href="/login" className="font-medium text-brand-700 underline">
          Sign in
        </Link>
      </p>
    </AuthCard>
  );
}
