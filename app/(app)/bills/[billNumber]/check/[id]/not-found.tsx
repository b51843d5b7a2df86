"use client";

import { useTranslations } from "next-intl";
import { usePathname } from "next/navigation";
import { NotFoundNotice } from "@/components/ui/not-found-notice";
import { segmentAfter } from "@/lib/not-found";
import { billHref } from "@/lib/routes";
import { normalizeBillNumber } from "@/lib/schemas/bills";

/** Printable ASCII in quotes: what the URL held, shown safely. */
const quoted = (text: string) => JSON.stringify(text.replace(/[^\x20-\x7e]/g, "?"));

// A not-found screen gets no params: the bill and the check's number come from the URL.
export default function LoadCheckNotFound() {
  const t = useTranslations("loadCheck.notFound");
  const pathname = usePathname();
  const billNumber = normalizeBillNumber(segmentAfter(pathname, "bills"));
  const id = segmentAfter(pathname, "check").slice(0, 20);
  return (
    <NotFoundNotice
      back={{ href: billHref(billNumber), label: t("back") }}
      title={t("title")}
      message={t("message", { billNumber: quoted(billNumber.slice(0, 50)), id: quoted(id) })}
      check={t("check")}
      next={{ href: billHref(billNumber), label: t("next") }}
    />
  );
}
