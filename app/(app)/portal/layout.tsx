import { ClientMessages } from "@/components/i18n/client-messages";

// The words the browser needs for the customer portal (tests/unit/client-messages.test.ts).
export default function PortalLayout({ children }: { children: React.ReactNode }) {
  return <ClientMessages namespaces={["portal"]}>{children}</ClientMessages>;
}
