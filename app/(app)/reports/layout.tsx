import { ClientMessages } from "@/components/i18n/client-messages";

// The words the browser needs for the reports (tests/unit/client-messages.test.ts).
export default function ReportsLayout({ children }: { children: React.ReactNode }) {
  return <ClientMessages namespaces={["reports"]}>{children}</ClientMessages>;
}
