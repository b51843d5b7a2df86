import { ClientMessages } from "@/components/i18n/client-messages";

// The words the browser needs for the profile pages (two-factor set-up and the password form share the sign-in words) (tests/unit/client-messages.test.ts).
export default function ProfileLayout({ children }: { children: React.ReactNode }) {
  return <ClientMessages namespaces={["auth", "profile"]}>{children}</ClientMessages>;
}
