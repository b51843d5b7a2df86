import type { Metadata } from "next";
import { ImportForm } from "@/components/imports/import-form";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageUser } from "@/lib/server/auth/guards";
import { can } from "@/lib/permissions";
import { forbidden } from "next/navigation";

export const metadata: Metadata = { title: "Imports" };

export default async function AdminImportsPage() {
  const user = await requirePageUser();
  if (!can(user.role, "data:import_export")) forbidden();
  return (
    <section className="space-y-4">
      <PageHeader
        title="Imports"
        back={{ href: "/admin", label: "Admin" }}
        subtitle="Every row is checked by the scan and billing rules. Dry run first; Import then applies the whole file or nothing."
      />
      <ImportForm />
    </section>
  );
}
