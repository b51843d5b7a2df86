import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageRole } from "@/lib/server/auth/guards";
import { getDb } from "@/lib/server/db";
import { listOutbox } from "@/lib/server/mail";
import { formatIstDateTime } from "@/lib/time";

export const metadata: Metadata = { title: "Mail outbox" };

// Without SMTP_URL mails land here. Reset links work like a password, so they are stored and shown
// masked (lib/server/mail.ts): the outbox tells admins who asked, never lets them in.
export default async function AdminOutboxPage() {
  await requirePageRole("admin");
  const mails = await listOutbox(getDb(), 100);
  return (
    <section className="space-y-4">
      <PageHeader
        title="Mail outbox"
        subtitle="No mail server is configured (SMTP_URL), so mails are kept here. Reset links are masked: they work like a password. To help someone who asked for a reset, set a temporary password for them under Users."
      />
      {mails.length === 0 ? (
        <p className="text-slate-700">The outbox is empty.</p>
      ) : (
        <ul className="space-y-3" data-testid="outbox">
          {mails.map((m) => (
            <li key={m.id} className="rounded-lg border border-slate-200 bg-white p-3">
              <details>
                <summary className="cursor-pointer">
                  <span className="font-semibold">{m.subject}</span> — to {m.to} · {formatIstDateTime(m.createdAt)}
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
