import type { Metadata } from "next";
import { forbidden } from "next/navigation";
import { NewReturnForm } from "@/components/returns/new-return-form";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/permissions";
import { requirePageUser } from "@/lib/server/auth/guards";

export const metadata: Metadata = { title: "New return ticket" };

/** Opens a return ticket at a C&F location; its scan page follows. */
export default async function NewReturnPage() {
  const user = await requirePageUser();
  if (!can(user.role, "returns:manage")) forbidden();
  return (
    <section className="space-y-4">
      <PageHeader
        title="New return ticket"
        subtitle="Where the dealer's bags came back to. Then scan each returned parent bag: it leaves its bill."
        back={{ href: "/returns", label: "All return tickets" }}
      />
      <div className="max-w-2xl rounded-lg border border-slate-200 bg-white p-4 sm:p-6">
        <NewReturnForm defaultArea={user.dispatchArea ?? ""} />
      </div>
    </section>
  );
}
