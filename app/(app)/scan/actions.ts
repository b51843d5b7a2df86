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

// Optional values (undefined or null) are left out of the input.
const given = (name: string, value: unknown) => (value === undefined || value === null ? {} : { [name]: value });

// `area` is the station's area (billers and admins); `key` the scan's idempotency key (the
// offline queue's replays): a repeat of the key answers the first answer, `replayed: true`.
export const scanParentAction = defineAction(
  { permission: "scan:pack" },
  (ctx, qr: unknown, area?: unknown, key?: unknown) => scanParent(ctx, { qr, ...given("area", area), ...given("idempotencyKey", key) }),
  SCAN,
);

export const scanChildAction = defineAction(
  { permission: "scan:pack" },
  (ctx, parentQr: unknown, qr: unknown, key?: unknown) => scanChild(ctx, { parentQr, qr, ...given("idempotencyKey", key) }),
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
