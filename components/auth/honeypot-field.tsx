import { useTranslations } from "next-intl";

// Must match HONEYPOT_FIELD in lib/server/honeypot.ts (a unit test checks). Hidden from people
// and assistive technology; bots that fill every input fill it and are refused quietly.
export const HONEYPOT_NAME = "website";

export function HoneypotField() {
  const t = useTranslations("auth.fields");
  return (
    <div aria-hidden="true" className="pointer-events-none absolute -left-[10000px] h-px w-px overflow-hidden">
      <label htmlFor="hp-website">{t("honeypot")}</label>
      <input id="hp-website" name={HONEYPOT_NAME} type="text" tabIndex={-1} autoComplete="off" defaultValue="" />
    </div>
  );
}
