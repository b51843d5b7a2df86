"use client";

import { useState, useTransition } from "react";
import { deleteBillAction } from "@/app/(app)/bills/[billNumber]/actions";
import { ConfirmDialog } from "./confirm-dialog";

/** Admins only: deletes the bill after a confirmation; its parents can then be billed again. */
export function DeleteBillButton({ billNumber, linkedCount }: { billNumber: string; linkedCount: number }) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <>
      <button
        type="button"
        onClick={() => {
          setError(null);
          setOpen(true);
        }}
        className="min-h-11 rounded-md border border-red-300 bg-white px-4 font-semibold text-red-800 hover:bg-red-50"
      >
        Delete bill
      </button>
      {error && (
        <p role="alert" className="basis-full text-sm font-medium text-red-800">
          {error}
        </p>
      )}
      <ConfirmDialog
        open={open}
        title={`Delete bill ${billNumber}?`}
        confirmLabel={pending ? "Deleting…" : "Delete bill"}
        pending={pending}
        onCancel={() => setOpen(false)}
        onConfirm={() =>
          startTransition(async () => {
            // On success the action redirects to the list; only a refusal comes back.
            const failure = await deleteBillAction(billNumber);
            setOpen(false);
            setError(failure.message);
          })
        }
      >
        <p>
          The bill and its record of {linkedCount} parent bag{linkedCount === 1 ? "" : "s"} are deleted. The parent bags themselves stay and can be put on
          another bill. This cannot be undone.
        </p>
      </ConfirmDialog>
    </>
  );
}
