import { PassNotFoundNotice } from "@/components/passes/pass-not-found";
import { can } from "@/lib/permissions";
import { requirePageUser } from "@/lib/server/auth/guards";

// Shown by the pass page and its print page for an unknown code.
export default async function PassNotFound() {
  const user = await requirePageUser();
  return <PassNotFoundNotice listed={can(user.role, "passes:manage")} />;
}
