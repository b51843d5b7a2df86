import { ClientMessages } from "@/components/i18n/client-messages";
import { STATION_NAMESPACES } from "@/i18n/messages";

// The words one bill's pages show in the browser: its station (offline queue included), status
// link and load check (tests/unit/client-messages.test.ts).
export default function BillLayout({ children }: { children: React.ReactNode }) {
  return <ClientMessages namespaces={[...STATION_NAMESPACES, "statusLink", "loadCheck"]}>{children}</ClientMessages>;
}
