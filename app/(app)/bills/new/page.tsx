import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { forbidden } from "next/navigation";
import { NewBillForm } from "@/components/bills/new-bill-form";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/permissions";
import { requirePageUser } from "@/lib/server/auth/guards";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("bills.new");
  return { title: t("title") };
}

export default async function NewBillPage() {
  const user = await requirePageUser();
  if (!can(user.role, "bills:manage")) forbidden();
  const t = await getTranslations("bills.new");
  return (
    <section className="space-y-4">
      <PageHeader title={t("title")} subtitle={t("subtitle")} back={{ href: "/bills", label: t("allBills") }} />
      <div className="max-w-2xl rounded-lg border border-slate-200 bg-white p-4 sm:p-6">
        <NewBillForm />
      </div>
    </section>
  );
}
