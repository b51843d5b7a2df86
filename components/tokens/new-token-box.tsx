"use client";

import { useTranslations } from "next-intl";
import { CopyField } from "@/components/ui/copy-field";

/** How a caller sends the token (an HTTP header: never translated). */
const HEADER = "Authorization: Bearer <token>";

/** The new token, shown once: selectable, with a Copy button and the warning that it will not be shown again. */
export function NewTokenBox({ token, prefix }: { token: string; prefix: string }) {
  const t = useTranslations("tokens.newToken");
  return (
    <section aria-labelledby="new-token-title" className="space-y-2 rounded-lg border border-green-300 bg-green-50 p-4" data-testid="new-token">
      <h3 id="new-token-title" className="font-semibold text-green-950">
        {t("title", { prefix })}
      </h3>
      <p className="text-sm text-green-950">
        {t.rich("note", {
          strong: (chunks) => <strong>{chunks}</strong>,
          code: (chunks) => <code className="font-mono">{chunks}</code>,
          header: HEADER,
        })}
      </p>
      <CopyField id="new-token-value" label={t("label")} value={token} what={t("what")} testId="new-token-value" tone="green" />
    </section>
  );
}
