import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/ui/page-header";
import { formatDateTime } from "@/lib/format";
import { readerTranslator } from "@/lib/server/admin/i18n";
import { requirePageRole } from "@/lib/server/auth/guards";
import { getDb } from "@/lib/server/db";
import { listOutbox } from "@/lib/server/mail";

export async function generateMetadata() {
  const t = await getTranslations("admin.outbox");
  return { title: t("metaTitle") };
}

// Without SMTP_URL mails land here. Reset links work like a password, so they are stored and shown
// masked (lib/server/mail.ts): the outbox tells admins who asked, never lets them in. The mails
// themselves are shown as they were sent.
export default async function AdminOutboxPage() {
  await requirePageRole("admin");
  const mails = await listOutbox(getDb(), 100);
  const { locale, t } = await readerTranslator("admin.outbox");
  return (
    <section className="space-y-4">
      <PageHeader title={t("title")} subtitle={t("subtitle")} />
      {mails.length === 0 ? (
        <p className="text-slate-700">{t("empty")}</p>
      ) : (
        <ul className="space-y-3" data-testid="outbox">
          {mails.map((m) => (
            <li key={m.id} className="rounded-lg border border-slate-200 bg-white p-3">
              <details>
                <summary className="cursor-pointer">
                  <span className="font-semibold">{m.subject}</span> {t("to", { to: m.to, time: formatDateTime(m.createdAt, locale) })}
                </summary>
                <pre className="mt-2 overflow-x-auto rounded bg-slate-50 p-3 text-sm whitespace-pre-wrap">{m.body}</pre>
              </details>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
