import { ClientMessages } from "@/components/i18n/client-messages";

// The words the browser needs for the label printing page (tests/unit/client-messages.test.ts).
export default function LabelsLayout({ children }: { children: React.ReactNode }) {
  return <ClientMessages namespaces={["labels"]}>{children}</ClientMessages>;
}
