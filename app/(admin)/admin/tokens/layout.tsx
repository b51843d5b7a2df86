import { ClientMessages } from "@/components/i18n/client-messages";

// The words the browser needs for the API tokens page (tests/unit/client-messages.test.ts).
export default function TokensLayout({ children }: { children: React.ReactNode }) {
  return <ClientMessages namespaces={["tokens"]}>{children}</ClientMessages>;
}
