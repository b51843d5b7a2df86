// next-intl's per-request configuration (the plugin in next.config.ts points here): which
// language this request speaks, its messages, and India's time zone for every date it formats.
import { getRequestConfig } from "next-intl/server";
import { requestLocale } from "@/lib/server/i18n";
import { BUSINESS_TZ } from "@/lib/time";
import { MESSAGES } from "./messages";

export default getRequestConfig(async () => {
  const locale = await requestLocale();
  return { locale, messages: MESSAGES[locale], timeZone: BUSINESS_TZ };
});
