import { z } from "zod";
import { DeleteBagInput } from "../../schemas/bags";
import { FinishParentInput, ReopenParentInput, RemoveChildInput, ScanChildInput, ScanParentInput, UndoInput } from "../../schemas/scan";
import * as R from "../answers/floor";
import type { ApiOperation } from "../types";

// The packing floor (DESIGN.md §6): the scan station's routes and a bag's detail.

const scan = { kind: "permission", permission: "scan:pack" } as const;
const AREA_REFUSALS = ["no_area", "wrong_area"] as const;

export const FLOOR_OPERATIONS: readonly ApiOperation[] = [
  {
    method: "post",
    path: "/api/scan/parent",
    operationId: "scanParent",
    tag: "scan",
    summary: "Scan a parent bag (created when new) and make it the station's current parent.",
    description: "`area` is required for staff without a dispatch area when the parent is new. A repeated idempotency key answers the first answer again.",
    access: scan,
    body: { kind: "json", schema: ScanParentInput },
    idempotencyHeader: true,
    success: { status: 200, description: "The parent as it now stands.", schema: R.ParentScanResult },
    errors: { 400: ["invalid_qr", "area_required", "idempotency_key_reused"], 403: AREA_REFUSALS, 409: ["wrong_type"] },
  },
  {
    method: "post",
    path: "/api/scan/child",
    operationId: "scanChild",
    tag: "scan",
    summary: "Scan a child bag into a parent.",
    access: scan,
    body: { kind: "json", schema: ScanChildInput },
    idempotencyHeader: true,
    success: { status: 200, description: "Linked (or already in this parent: duplicate), with the parent's count.", schema: R.ChildScanResult },
    errors: {
      400: ["invalid_qr", "idempotency_key_reused"],
      403: AREA_REFUSALS,
      404: ["parent_not_found"],
      409: ["linked_elsewhere", "parent_full", "parent_completed", "bill_completed", "wrong_type", "scan_conflict"],
    },
  },
  {
    method: "post",
    path: "/api/scan/undo",
    operationId: "undoLastScan",
    tag: "scan",
    summary: "Undo the last child scanned into a parent.",
    access: scan,
    body: { kind: "json", schema: UndoInput },
    success: { status: 200, description: "The child taken out and the parent's new count.", schema: R.UndoResult },
    errors: { 400: ["invalid_qr"], 403: AREA_REFUSALS, 404: ["parent_not_found", "nothing_to_undo"], 409: ["bill_completed", "parent_completed"] },
  },
  {
    method: "post",
    path: "/api/scan/remove",
    operationId: "removeChild",
    tag: "scan",
    summary: "Take one chosen child out of a parent.",
    access: scan,
    body: { kind: "json", schema: RemoveChildInput },
    success: { status: 200, description: "The child taken out and the parent's new count.", schema: R.RemoveResult },
    errors: { 400: ["invalid_qr"], 403: AREA_REFUSALS, 404: ["parent_not_found", "not_on_parent"], 409: ["bill_completed", "parent_completed"] },
  },
  {
    method: "post",
    path: "/api/scan/finish",
    operationId: "finishParent",
    tag: "scan",
    summary: "Finish (seal) a parent below its capacity, with a reason.",
    access: scan,
    body: { kind: "json", schema: FinishParentInput },
    success: { status: 200, description: "The sealed parent.", schema: R.SealResult },
    errors: { 400: ["invalid_qr"], 403: AREA_REFUSALS, 404: ["parent_not_found"], 409: ["parent_completed", "parent_empty", "bill_completed"] },
  },
  {
    method: "post",
    path: "/api/scan/reopen",
    operationId: "reopenParent",
    tag: "scan",
    summary: "Reopen a parent that was finished below capacity.",
    access: scan,
    body: { kind: "json", schema: ReopenParentInput },
    success: { status: 200, description: "The reopened parent.", schema: R.SealResult },
    errors: { 400: ["invalid_qr"], 403: AREA_REFUSALS, 404: ["parent_not_found"], 409: ["not_finished", "bill_completed"] },
  },
  {
    method: "get",
    path: "/api/bag/{qr}",
    operationId: "getBag",
    tag: "bags",
    summary: "A bag with its parent, children, bill and recent scans (area-scoped for dispatchers).",
    access: { kind: "permission", permission: "bags:view_own_area" },
    params: { qr: z.string() },
    success: { status: 200, description: "The bag.", schema: R.BagDetail },
    errors: { 404: ["bag_not_found"] },
  },
  {
    method: "delete",
    path: "/api/bag/{qr}",
    operationId: "deleteBag",
    tag: "bags",
    summary: "Delete a bag: a child leaves its parent, a parent its bill, its children become free.",
    access: { kind: "permission", permission: "bags:delete" },
    params: { qr: DeleteBagInput.shape.qr },
    success: { status: 200, description: "What went and what it changed.", schema: R.DeleteBagResult },
    errors: { 404: ["bag_not_found"], 409: ["bag_busy", "bag_on_return", "bill_completed", "bill_dispatched"] },
  },
];
