"use client";

import Link from "next/link";
import { useState, useTransition } from "react";
import { deleteBagAction } from "@/app/(app)/bags/[qr]/actions";
import { ConfirmDialog } from "@/components/bills/confirm-dialog";
import type { BagType } from "@/lib/domain";

/** Admins only: deletes the bag after a confirmation, then says what it changed. */
export function DeleteBagButton({ qr, type, childCount, billNumber }: { qr: string; type: BagType; childCount: number; billNumber: string | null }) {
  const [open, setOpen] = useState(false);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  if (notice?.ok) {
    return (
      <div role="status" data-testid="bag-deleted" className="basis-full rounded-lg border-2 border-green-600 bg-green-50 p-4 font-semibold text-green-950">
        {notice.text}{" "}
        <Link href="/bags" className="text-brand-700 underline">
          Back to all bags
        </Link>
      </div>
    );
  }
  return (
    <>
      <button
        type="button"
        onClick={() => {
          setNotice(null);
          setOpen(true);
        }}
        className="min-h-11 rounded-md border border-red-300 bg-white px-4 font-semibold text-red-800 hover:bg-red-50"
      >
        Delete bag
      </button>
      {notice && (
        <p role="alert" className="basis-full text-sm font-medium text-red-800">
          {notice.text}
        </p>
      )}
      <ConfirmDialog
        open={open}
        title={`Delete bag ${qr}?`}
        confirmLabel={pending ? "Deleting…" : "Delete bag"}
        pending={pending}
        onCancel={() => setOpen(false)}
        onConfirm={() =>
          startTransition(async () => {
            const result = await deleteBagAction(qr);
            setOpen(false);
            setNotice(result.ok ? { ok: true, text: result.message } : { ok: false, text: result.message });
          })
        }
      >
        {type === "parent" ? (
          <p>
            The parent bag is deleted{billNumber ? ` and leaves bill ${billNumber}` : ""}.
            {childCount > 0 ? ` Its ${childCount} ${childCount === 1 ? "child stays" : "children stay"} as bags, in no parent.` : ""} This cannot be undone.
          </p>
        ) : (
          <p>The child bag is deleted; if it is in a parent, that parent&apos;s count drops by one. This cannot be undone.</p>
        )}
      </ConfirmDialog>
    </>
  );
}
