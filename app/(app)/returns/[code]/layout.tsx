import { ClientMessages } from "@/components/i18n/client-messages";
import { STATION_NAMESPACES } from "@/i18n/messages";

// The words the browser needs for one return ticket's station (tests/unit/client-messages.test.ts).
export default function ReturnLayout({ children }: { children: React.ReactNode }) {
  return <ClientMessages namespaces={STATION_NAMESPACES}>{children}</ClientMessages>;
}
