"use client";

import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";
import { NotFoundNotice } from "@/components/ui/not-found-notice";
import { segmentAfter } from "@/lib/not-found";

/**
 * A pass page's "not found" screen; the code comes from the URL (also for /print). `listed`: the
 * viewer may use the pass list (billers, admins); the gate goes back to its station instead.
 */
export function PassNotFoundNotice({ listed }: { listed: boolean }) {
  const t = useTranslations("passes.notFound");
  const code = segmentAfter(usePathname(), "passes").trim().toUpperCase().slice(0, 40);
  const shown = JSON.stringify(code.replace(/[^\x20-\x7e]/g, "?"));
  return (
    <NotFoundNotice
      back={listed ? { href: "/passes", label: t("allPasses") } : { href: "/gate", label: t("gate") }}
      title={t("title")}
      message={t("message", { code: shown })}
      check={t("check")}
      next={listed ? { href: `/passes?q=${encodeURIComponent(code)}`, label: t("search") } : { href: "/gate", label: t("scanAtGate") }}
    />
  );
}
