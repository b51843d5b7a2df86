// next-intl's types (issue 19): the language tags and the shape of the messages, so every
// t("…") key is checked against messages/en at compile time.
import type { Messages } from "./i18n/messages";
import type { Locale } from "./lib/preferences";

declare module "next-intl" {
  interface AppConfig {
    Locale: Locale;
    Messages: Messages;
  }
}
