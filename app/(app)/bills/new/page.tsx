import type { Metadata } from "next";
import Link from "next/link";
import { forbidden } from "next/navigation";
import { NewBillForm } from "@/components/bills/new-bill-form";
import { can } from "@/lib/permissions";
import { requirePageUser } from "@/lib/server/auth/guards";

export const metadata: Metadata = { title: "New bill" };

export default async function NewBillPage() {
  const user = await requirePageUser();
  if (!can(user.role, "bills:manage")) forbidden();
  return (
    <section className="space-y-4">
      <div>
        <Link href="/bills" className="text-sm font-medium text-brand-700 hover:underline">
          ← All bills
        </Link>
        <h1 className="mt-1 text-2xl font-bold">New bill</h1>
        <p className="text-sm text-slate-600">After creating it, scan its parent bags on the bill page.</p>
      </div>
      <div className="max-w-2xl rounded-lg border border-slate-200 bg-white p-4 sm:p-6">
        <NewBillForm />
      </div>
    </section>
  );
}
