import { ClientMessages } from "@/components/i18n/client-messages";
import AppLayout from "../(app)/layout";

// The admin pages share the signed-in frame of the app (every page checks its own access), and
// the admin area's words in the browser (health, sessions, promotions; the sub-areas add theirs).
export default function AdminLayout({ children }: { children: React.ReactNode }) {
  return (
    <AppLayout>
      <ClientMessages namespaces={["admin"]}>{children}</ClientMessages>
    </AppLayout>
  );
}
