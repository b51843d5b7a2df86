import { ADMIN_OPS_OPERATIONS } from "./operations/admin-ops";
import { BILL_OPERATIONS } from "./operations/bills";
import { DISPATCH_OPERATIONS } from "./operations/dispatch";
import { FLOOR_OPERATIONS } from "./operations/floor";
import { PORTAL_DATA_OPERATIONS } from "./operations/portal-data";
import type { ApiOperation } from "./types";

/**
 * Every operation of the JSON API: one entry per (path, method) of app/api/**\/route.ts.
 * tests/unit/openapi.test.ts fails when a route has no entry here, or an entry has no route.
 */
export const API_OPERATIONS: readonly ApiOperation[] = [
  ...FLOOR_OPERATIONS,
  ...BILL_OPERATIONS,
  ...DISPATCH_OPERATIONS,
  ...PORTAL_DATA_OPERATIONS,
  ...ADMIN_OPS_OPERATIONS,
];
