import { ClientMessages } from "@/components/i18n/client-messages";

// The words the browser needs for the bill pages (the customer picker on a new bill and a bill's edit form) (tests/unit/client-messages.test.ts).
export default function BillsLayout({ children }: { children: React.ReactNode }) {
  return <ClientMessages namespaces={["bills", "customers"]}>{children}</ClientMessages>;
}
