"use client";

import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { deleteBillAction } from "@/app/(app)/bills/[billNumber]/actions";
import { ConfirmDialog } from "./confirm-dialog";

/** Admins only: deletes the bill after a confirmation; its parents can then be billed again. */
export function DeleteBillButton({ billNumber, linkedCount }: { billNumber: string; linkedCount: number }) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const t = useTranslations("bills.delete");
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
        {t("button")}
      </button>
      {error && (
        <p role="alert" className="basis-full text-sm font-medium text-red-800">
          {error}
        </p>
      )}
      <ConfirmDialog
        open={open}
        title={t("title", { billNumber })}
        confirmLabel={pending ? t("deleting") : t("button")}
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
        <p>{t("body", { count: linkedCount })}</p>
      </ConfirmDialog>
    </>
  );
}
