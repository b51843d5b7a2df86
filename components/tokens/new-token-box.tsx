"use client";

import { useState } from "react";

/** The new token, shown once: selectable, with a Copy button and the warning that it will not be shown again. */
export function NewTokenBox({ token, prefix }: { token: string; prefix: string }) {
  const [copied, setCopied] = useState<"yes" | "no" | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(token);
      setCopied("yes");
    } catch {
      // No clipboard (plain http, or refused): the text is selectable by hand.
      setCopied("no");
    }
  };
  return (
    <section aria-labelledby="new-token-title" className="space-y-2 rounded-lg border border-green-300 bg-green-50 p-4" data-testid="new-token">
      <h3 id="new-token-title" className="font-semibold text-green-950">
        New API token {prefix}…
      </h3>
      <p className="text-sm text-green-950">
        <strong>Copy it now: it is shown only this once.</strong> TraceTrack keeps only a fingerprint of it. Send it as{" "}
        <code className="font-mono">Authorization: Bearer &lt;token&gt;</code>.
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <label htmlFor="new-token-value" className="sr-only">
          New API token
        </label>
        <input
          id="new-token-value"
          readOnly
          value={token}
          data-testid="new-token-value"
          onFocus={(e) => e.currentTarget.select()}
          className="min-h-11 w-full min-w-0 flex-1 rounded-md border border-green-400 bg-white px-3 font-mono text-sm sm:w-auto"
        />
        <button type="button" onClick={copy} className="min-h-11 rounded-md bg-green-800 px-4 font-semibold text-white hover:bg-green-900">
          Copy token
        </button>
      </div>
      <p aria-live="polite" role="status" className="text-sm text-green-950">
        {copied === "yes" ? "Copied to the clipboard." : copied === "no" ? "Could not copy: select the token and copy it by hand." : ""}
      </p>
    </section>
  );
}
