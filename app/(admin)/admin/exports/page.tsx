import type { Metadata } from "next";
import { ExportForm } from "@/components/admin/export-form";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageRole } from "@/lib/server/auth/guards";

export const metadata: Metadata = { title: "Exports" };

export default async function AdminExportsPage() {
  await requirePageRole("admin");
  return (
    <section className="space-y-4">
      <PageHeader title="Exports" subtitle="Bags, links, scans, bills with their parents, and the audit log as CSV or Excel" />
      <ExportForm />
    </section>
  );
}
