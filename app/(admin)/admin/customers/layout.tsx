import { ClientMessages } from "@/components/i18n/client-messages";

// The words the browser needs for the customer pages (tests/unit/client-messages.test.ts).
export default function CustomersLayout({ children }: { children: React.ReactNode }) {
  return <ClientMessages namespaces={["customers"]}>{children}</ClientMessages>;
}
