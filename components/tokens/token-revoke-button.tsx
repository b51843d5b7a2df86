"use client";

import { useState, useTransition } from "react";
import { revokeApiTokenAction } from "@/app/(admin)/admin/tokens/actions";
import { ConfirmDialog } from "@/components/bills/confirm-dialog";

/** The button's and the question's words for one token, translated by the tokens page. */
export interface RevokeWords {
  button: string;
  /** "Revoke token tt_abc (Dock scanner)": the button's accessible name. */
  label: string;
  title: string;
  confirm: string;
  pending: string;
  body: string;
}

/** "Revoke" for one token of the list, after a confirmation; the list refreshes with its new status. */
export function TokenRevokeButton({ tokenId, words }: { tokenId: string; words: RevokeWords }) {
  const [open, setOpen] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <div className="flex flex-col gap-1">
      <button
        type="button"
        aria-label={words.label}
        onClick={() => {
          setMessage(null);
          setOpen(true);
        }}
        className="rounded border border-red-300 bg-white px-2 py-1 text-xs font-semibold text-red-800 hover:bg-red-50"
      >
        {words.button}
      </button>
      <p aria-live="polite" role="status" className={`text-xs ${message?.ok ? "text-green-800" : "text-red-700"}`}>
        {message?.text}
      </p>
      {/* Mounted only while asking: one dialog (and one dialog title id) on the page at a time. */}
      {open && (
        <ConfirmDialog
          open
          title={words.title}
          confirmLabel={pending ? words.pending : words.confirm}
          pending={pending}
          onCancel={() => setOpen(false)}
          onConfirm={() =>
            startTransition(async () => {
              const answer = await revokeApiTokenAction(tokenId);
              setOpen(false);
              setMessage({ ok: answer.ok, text: answer.message });
            })
          }
        >
          <p>{words.body}</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
