import type { Metadata } from "next";
import { forbidden } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { NewReturnForm } from "@/components/returns/new-return-form";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/permissions";
import { requirePageUser } from "@/lib/server/auth/guards";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("returns.new");
  return { title: t("title") };
}

/** Opens a return ticket at a C&F location; its scan page follows. */
export default async function NewReturnPage() {
  const user = await requirePageUser();
  if (!can(user.role, "returns:manage")) forbidden();
  const t = await getTranslations("returns.new");
  return (
    <section className="space-y-4">
      <PageHeader
        title={t("title")}
        subtitle={t("subtitle")}
        back={{ href: "/returns", label: t("allTickets") }}
      />
      <div className="max-w-2xl rounded-lg border border-slate-200 bg-white p-4 sm:p-6">
        <NewReturnForm defaultArea={user.dispatchArea ?? ""} />
      </div>
    </section>
  );
}
