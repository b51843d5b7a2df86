import { getMessages } from "next-intl/server";
import { pickClientMessages, type Namespace } from "@/i18n/messages";
import { MoreMessages } from "./more-messages";

/**
 * In a layout: these namespaces reach the browser for every page below it (besides the shell's,
 * from app/layout.tsx). tests/unit/client-messages.test.ts reads the literal list given here.
 */
export async function ClientMessages({ namespaces, children }: { namespaces: readonly Namespace[]; children: React.ReactNode }) {
  const messages = pickClientMessages(await getMessages(), namespaces);
  return <MoreMessages messages={messages}>{children}</MoreMessages>;
}
