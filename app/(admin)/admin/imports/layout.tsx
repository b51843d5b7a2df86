import { ClientMessages } from "@/components/i18n/client-messages";

// The words the browser needs for the imports page (tests/unit/client-messages.test.ts).
export default function ImportsLayout({ children }: { children: React.ReactNode }) {
  return <ClientMessages namespaces={["imports"]}>{children}</ClientMessages>;
}
