"use client";

import { CopyField } from "@/components/ui/copy-field";

/** The new token, shown once: selectable, with a Copy button and the warning that it will not be shown again. */
export function NewTokenBox({ token, prefix }: { token: string; prefix: string }) {
  return (
    <section aria-labelledby="new-token-title" className="space-y-2 rounded-lg border border-green-300 bg-green-50 p-4" data-testid="new-token">
      <h3 id="new-token-title" className="font-semibold text-green-950">
        New API token {prefix}…
      </h3>
      <p className="text-sm text-green-950">
        <strong>Copy it now: it is shown only this once.</strong> TraceTrack keeps only a fingerprint of it. Send it as{" "}
        <code className="font-mono">Authorization: Bearer &lt;token&gt;</code>.
      </p>
      <CopyField id="new-token-value" label="New API token" value={token} what="token" testId="new-token-value" tone="green" />
    </section>
  );
}
