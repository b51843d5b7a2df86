import { ClientMessages } from "@/components/i18n/client-messages";

// The words the browser needs for the bag pages (tests/unit/client-messages.test.ts).
export default function BagsLayout({ children }: { children: React.ReactNode }) {
  return <ClientMessages namespaces={["bags"]}>{children}</ClientMessages>;
}
