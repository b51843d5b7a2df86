"use client";

import { useLocale, useTranslations } from "next-intl";
import { CopyField } from "@/components/ui/copy-field";
import type { StatusLink } from "@/lib/dto/status-link";
import { formatDateTime } from "@/lib/format";

/**
 * The bill page's public status link: anyone holding it sees whether the load has left, its
 * parent count and weight, without signing in. A fresh link each time the page is shown.
 */
export function StatusLinkBox({ link }: { link: StatusLink }) {
  const t = useTranslations("statusLink.box");
  const locale = useLocale();
  return (
    <section aria-labelledby="status-link-title" className="space-y-2 rounded-lg border border-slate-200 bg-white p-4" data-testid="status-link-box">
      <h2 id="status-link-title" className="text-lg font-semibold">
        {t("title")}
      </h2>
      <p className="text-sm text-slate-700">
        {t.rich("body", {
          at: formatDateTime(link.expiresAt, locale),
          expiry: (chunks) => (
            <span className="font-semibold" data-testid="status-link-expiry">
              {chunks}
            </span>
          ),
        })}
      </p>
      <CopyField id="status-link-url" label={t("title")} value={link.url} what={t("what")} testId="status-link-url" />
    </section>
  );
}
