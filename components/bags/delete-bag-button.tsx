"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import { useState, useTransition } from "react";
import { deleteBagAction } from "@/app/(app)/bags/[qr]/actions";
import { ConfirmDialog } from "@/components/bills/confirm-dialog";
import type { BagType } from "@/lib/domain";
import type { DeleteBagResult } from "@/lib/dto/bags";
import type { BagWords } from "./bag-words";

/** What a deletion changed, in the reader's language (the action's `message` is the API's English). */
function deletedNotice(result: DeleteBagResult, t: BagWords): string {
  const { deleted, parent, bill, freedChildren } = result;
  if (deleted.type === "child") {
    return parent ? t("delete.childDeletedFrom", { qr: deleted.qr, parent: parent.qr, count: parent.childCount }) : t("delete.childDeleted", { qr: deleted.qr });
  }
  return [
    t("delete.parentDeleted", { qr: deleted.qr }),
    bill && t("delete.leftBill", { billNumber: bill.billNumber, count: bill.linkedCount }),
    freedChildren.length > 0 && t("delete.freed", { count: freedChildren.length }),
  ]
    .filter(Boolean)
    .join(" ");
}

/** Admins only: deletes the bag after a confirmation, then says what it changed. */
export function DeleteBagButton({ qr, type, childCount, billNumber }: { qr: string; type: BagType; childCount: number; billNumber: string | null }) {
  const t = useTranslations("bags");
  const [open, setOpen] = useState(false);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  if (notice?.ok) {
    return (
      <div role="status" data-testid="bag-deleted" className="basis-full rounded-lg border-2 border-green-600 bg-green-50 p-4 font-semibold text-green-950">
        {notice.text}{" "}
        <Link href="/bags" className="text-brand-700 underline">
          {t("delete.backToAll")}
        </Link>
      </div>
    );
  }
  const parentBody = [
    billNumber ? t("delete.parentBodyOnBill", { billNumber }) : t("delete.parentBody"),
    childCount > 0 && t("delete.childrenStay", { count: childCount }),
    t("delete.cannotUndo"),
  ]
    .filter(Boolean)
    .join(" ");
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
        {t("delete.button")}
      </button>
      {notice && (
        <p role="alert" className="basis-full text-sm font-medium text-red-800">
          {notice.text}
        </p>
      )}
      <ConfirmDialog
        open={open}
        title={t("delete.title", { qr })}
        confirmLabel={pending ? t("delete.deleting") : t("delete.button")}
        pending={pending}
        onCancel={() => setOpen(false)}
        onConfirm={() =>
          startTransition(async () => {
            const result = await deleteBagAction(qr);
            setOpen(false);
            setNotice(result.ok ? { ok: true, text: deletedNotice(result, t) } : { ok: false, text: result.message });
          })
        }
      >
        {type === "parent" ? <p>{parentBody}</p> : <p>{t("delete.childBody")}</p>}
      </ConfirmDialog>
    </>
  );
}
