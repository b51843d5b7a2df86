"use client";

import { CopyField } from "@/components/ui/copy-field";
import type { StatusLink } from "@/lib/dto/status-link";
import { formatIstDateTime } from "@/lib/time";

/**
 * The bill page's public status link: anyone holding it sees whether the load has left, its
 * parent count and weight, without signing in. A fresh link each time the page is shown.
 */
export function StatusLinkBox({ link }: { link: StatusLink }) {
  return (
    <section aria-labelledby="status-link-title" className="space-y-2 rounded-lg border border-slate-200 bg-white p-4" data-testid="status-link-box">
      <h2 id="status-link-title" className="text-lg font-semibold">
        Public status link
      </h2>
      <p className="text-sm text-slate-700">
        Whoever has this link sees, without signing in, whether this load has left the gate, its parent bags and weight — no names. It works until{" "}
        <span className="font-semibold" data-testid="status-link-expiry">
          {formatIstDateTime(link.expiresAt)} IST
        </span>
        .
      </p>
      <CopyField id="status-link-url" label="Public status link" value={link.url} what="link" testId="status-link-url" />
    </section>
  );
}
