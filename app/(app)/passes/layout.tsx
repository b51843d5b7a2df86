import { ClientMessages } from "@/components/i18n/client-messages";

// The words the browser needs for the gate-pass pages (tests/unit/client-messages.test.ts).
export default function PassesLayout({ children }: { children: React.ReactNode }) {
  return <ClientMessages namespaces={["passes"]}>{children}</ClientMessages>;
}
