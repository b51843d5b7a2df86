import { ClientMessages } from "@/components/i18n/client-messages";

// The words the browser needs for the return tickets (tests/unit/client-messages.test.ts).
export default function ReturnsLayout({ children }: { children: React.ReactNode }) {
  return <ClientMessages namespaces={["returns"]}>{children}</ClientMessages>;
}
