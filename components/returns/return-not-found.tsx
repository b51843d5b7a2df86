"use client";

import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";
import { NotFoundNotice } from "@/components/ui/not-found-notice";
import { segmentAfter } from "@/lib/not-found";

/** A ticket page's "not found" screen; the code comes from the URL. */
export function ReturnNotFoundNotice() {
  const t = useTranslations("returns.notFound");
  const code = segmentAfter(usePathname(), "returns").trim().toUpperCase().slice(0, 40);
  const shown = JSON.stringify(code.replace(/[^\x20-\x7e]/g, "?"));
  return (
    <NotFoundNotice
      back={{ href: "/returns", label: t("allTickets") }}
      title={t("title")}
      message={t("message", { code: shown })}
      check={t("check")}
      next={{ href: `/returns?q=${encodeURIComponent(code)}`, label: t("search") }}
    />
  );
}
