import type { Metadata } from "next";
import { forbidden } from "next/navigation";
import { NewBillForm } from "@/components/bills/new-bill-form";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/permissions";
import { requirePageUser } from "@/lib/server/auth/guards";

export const metadata: Metadata = { title: "New bill" };

export default async function NewBillPage() {
  const user = await requirePageUser();
  if (!can(user.role, "bills:manage")) forbidden();
  return (
    <section className="space-y-4">
      <PageHeader title="New bill" subtitle="After creating it, scan its parent bags on the bill page." back={{ href: "/bills", label: "All bills" }} />
      <div className="max-w-2xl rounded-lg border border-slate-200 bg-white p-4 sm:p-6">
        <NewBillForm />
      </div>
    </section>
  );
}
