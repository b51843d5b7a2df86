import { ClientMessages } from "@/components/i18n/client-messages";

// The words the browser needs for the exports page (tests/unit/client-messages.test.ts).
export default function ExportsLayout({ children }: { children: React.ReactNode }) {
  return <ClientMessages namespaces={["exports"]}>{children}</ClientMessages>;
}
