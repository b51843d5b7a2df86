import { ClientMessages } from "@/components/i18n/client-messages";

// The words the browser needs for the user pages (tests/unit/client-messages.test.ts).
export default function UsersLayout({ children }: { children: React.ReactNode }) {
  return <ClientMessages namespaces={["users"]}>{children}</ClientMessages>;
}
