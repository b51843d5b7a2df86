"use server";

import { defineAction } from "@/lib/server/action";
import { listParentChildren } from "@/lib/server/scan/children";
import { finishParent, reopenParent } from "@/lib/server/scan/finish";
import { removeChild } from "@/lib/server/scan/remove";
import { scanChild } from "@/lib/server/scan/scan-child";
import { scanParent } from "@/lib/server/scan/scan-parent";
import { undoLastScan } from "@/lib/server/scan/undo";

// The scan station's actions: the same guard, schema and verbs as the JSON routes.
const SCAN = { lost: "this scan was not saved" };

// `area` is the station's area (billers and admins); undefined leaves it out of the input.
export const scanParentAction = defineAction(
  { permission: "scan:pack" },
  (ctx, qr: unknown, area?: unknown) => scanParent(ctx, area === undefined || area === null ? { qr } : { qr, area }),
  SCAN,
);

export const scanChildAction = defineAction(
  { permission: "scan:pack" },
  (ctx, parentQr: unknown, qr: unknown) => scanChild(ctx, { parentQr, qr }),
  SCAN,
);

export const undoLastScanAction = defineAction({ permission: "scan:pack" }, (ctx, parentQr: unknown) => undoLastScan(ctx, { parentQr }), SCAN);

export const removeChildAction = defineAction(
  { permission: "scan:pack" },
  (ctx, parentQr: unknown, childQr: unknown) => removeChild(ctx, { parentQr, childQr }),
  { lost: "the child was not removed" },
);

export const finishParentAction = defineAction(
  { permission: "scan:pack" },
  (ctx, parentQr: unknown, reason: unknown) => finishParent(ctx, { parentQr, reason }),
  { lost: "the parent was not finished" },
);

export const reopenParentAction = defineAction({ permission: "scan:pack" }, (ctx, parentQr: unknown) => reopenParent(ctx, { parentQr }), {
  lost: "the parent was not reopened",
});

export const listParentChildrenAction = defineAction({ permission: "scan:pack" }, (ctx, parentQr: unknown) => listParentChildren(ctx, { parentQr }));
