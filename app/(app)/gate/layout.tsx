import { ClientMessages } from "@/components/i18n/client-messages";
import { STATION_NAMESPACES } from "@/i18n/messages";

// The words the browser needs for the gate station (tests/unit/client-messages.test.ts).
export default function GateLayout({ children }: { children: React.ReactNode }) {
  return <ClientMessages namespaces={STATION_NAMESPACES}>{children}</ClientMessages>;
}
