"use server";

import { MAX_RAW_QR_LENGTH } from "@/lib/qr";
import type { ActionFailure, ChildScanOutcome, ParentScanOutcome, UndoOutcome } from "@/lib/scan-station";
import { toActionFailure } from "@/lib/server/action-failure";
import { requirePermission } from "@/lib/server/auth/guards";
import { getDb } from "@/lib/server/db";
import { getRequestContext } from "@/lib/server/request-context";
import { scanChild, scanParent, undoLastScan, type RequestMeta, type ScanActor } from "@/lib/server/scan/mutations";

// Server actions are public POST endpoints: arguments are checked here, authorization and
// area rules live in the mutations (the same ones the JSON routes call).

async function actorAndMeta(): Promise<{ actor: ScanActor; meta: RequestMeta }> {
  const user = await requirePermission("scan:pack");
  const ctx = await getRequestContext();
  return {
    actor: { id: user.id, username: user.username, role: user.role, dispatchArea: user.dispatchArea },
    meta: { ip: ctx.ip, requestId: ctx.requestId },
  };
}

function failure(err: unknown): ActionFailure {
  return toActionFailure(err, "this scan was not saved");
}

function isQrArg(value: unknown): value is string {
  return typeof value === "string" && value.length <= MAX_RAW_QR_LENGTH;
}

const BAD_ARGUMENT: ActionFailure = { ok: false, code: "invalid_qr", message: "That scan could not be read. Scan the label again." };

export async function scanParentAction(qr: unknown): Promise<ParentScanOutcome> {
  if (!isQrArg(qr)) return BAD_ARGUMENT;
  try {
    const { actor, meta } = await actorAndMeta();
    const { parent } = await scanParent(getDb(), actor, qr, meta);
    return {
      ok: true,
      parent: { qr: parent.qr, type: parent.type, status: parent.status, childCount: parent.childCount, capacity: parent.capacity, created: parent.created },
    };
  } catch (err) {
    return failure(err);
  }
}

export async function scanChildAction(parentQr: unknown, qr: unknown): Promise<ChildScanOutcome> {
  if (!isQrArg(parentQr) || !isQrArg(qr)) return BAD_ARGUMENT;
  try {
    const { actor, meta } = await actorAndMeta();
    const r = await scanChild(getDb(), actor, parentQr, qr, meta);
    return { ok: true, result: r.result, childQr: r.childQr, parentQr: r.parentQr, childCount: r.childCount, capacity: r.capacity, parentStatus: r.parentStatus };
  } catch (err) {
    return failure(err);
  }
}

export async function undoLastScanAction(parentQr: unknown): Promise<UndoOutcome> {
  if (!isQrArg(parentQr)) return BAD_ARGUMENT;
  try {
    const { actor, meta } = await actorAndMeta();
    const r = await undoLastScan(getDb(), actor, parentQr, meta);
    return { ok: true, childQr: r.undone.childQr, parentQr: r.parentQr, childCount: r.childCount, capacity: r.capacity, parentStatus: r.parentStatus };
  } catch (err) {
    return failure(err);
  }
}
