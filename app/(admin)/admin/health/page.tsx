import type { Metadata } from "next";
import { HealthPanel } from "@/components/admin/health-panel";
import { requirePageRole } from "@/lib/server/auth/guards";
import { getSystemHealth } from "@/lib/server/system-health";

export const metadata: Metadata = { title: "System health" };

export default async function HealthPage() {
  await requirePageRole("admin");
  const health = await getSystemHealth();
  return (
    <section className="space-y-4">
      <h1 className="text-2xl font-bold">System health</h1>
      <HealthPanel initial={health} />
    </section>
  );
}
