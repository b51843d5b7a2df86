import { AppShell } from "@/components/shell/app-shell";
import { requirePageUser } from "@/lib/server/auth/guards";

// The frame only; every page below checks its own access first (layouts never gate).
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const user = await requirePageUser();
  return <AppShell user={user}>{children}</AppShell>;
}
