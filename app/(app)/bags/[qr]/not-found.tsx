"use client";

import { useTranslations } from "next-intl";
import { usePathname } from "next/navigation";
import { NotFoundNotice } from "@/components/ui/not-found-notice";
import { segmentAfter } from "@/lib/not-found";
import { displayQr, normalizeQr } from "@/lib/qr";

// A not-found screen gets no params: the QR comes from the URL, worded as GET /api/bag/[qr] says it.
export default function BagNotFound() {
  const t = useTranslations("bags.notFound");
  const qr = normalizeQr(segmentAfter(usePathname(), "bags"));
  return (
    <NotFoundNotice
      back={{ href: "/bags", label: t("back") }}
      title={t("title")}
      message={t("message", { qr: displayQr(qr) })}
      check={t("check")}
      next={{ href: `/lookup?q=${encodeURIComponent(qr)}`, label: t("next") }}
    />
  );
}
