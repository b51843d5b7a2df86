import { ClientMessages } from "@/components/i18n/client-messages";

// The words the browser needs for the dashboard (tests/unit/client-messages.test.ts).
export default function DashboardLayout({ children }: { children: React.ReactNode }) {
  return <ClientMessages namespaces={["dashboard"]}>{children}</ClientMessages>;
}
