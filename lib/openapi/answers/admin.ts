import { z } from "zod";
import { BILL_STATUSES, ROLES } from "../../domain";
import { IMPORT_KINDS } from "../../schemas/imports";
import { API_TOKEN_ROLES } from "../../schemas/tokens";
import { area, count, dateTime, kg, nullable, open } from "./shared";

// The answers of imports, the portal, reports, health and statistics, users and API tokens.

export const ImportResult = open({
  dryRun: z.boolean(),
  kind: z.enum(IMPORT_KINDS),
  fileName: z.string(),
  summary: z.object({ rows: count, ok: count, failed: count }),
  rows: z.array(open({ row: z.number().int(), ok: z.boolean(), code: z.string().optional(), message: z.string().optional() })),
  okRowsOmitted: count,
  counts: open({}),
  applied: z.boolean(),
  durationMs: z.number(),
});
export const ImportJobEnvelope = z.object({
  job: open({ id: z.string(), phase: z.string(), processed: count, total: nullable(count), kind: z.enum(IMPORT_KINDS), dryRun: z.boolean() }),
});

// ---- portal ---------------------------------------------------------------------------------

const PortalBill = open({
  billNumber: z.string(),
  createdAt: dateTime,
  customerName: nullable(z.string()),
  customerCode: nullable(z.string()),
  status: z.enum(BILL_STATUSES),
  parentCount: count,
  childCount: count,
  expectedWeightKg: kg,
  actualWeightKg: kg,
  vehicleNumber: nullable(z.string()),
  gatePassAt: nullable(dateTime),
});
export const PortalBillPage = z.object({ rows: z.array(PortalBill), total: count, nextCursor: nullable(z.string()) });
export const PortalBillDetail = z.object({
  bill: PortalBill,
  parents: z.array(open({ qr: z.string(), childCount: count, capacity: nullable(count), status: z.string() })),
});
export const PortalFilterOptions = z.object({
  customers: z.array(open({ code: z.string(), name: z.string(), bills: count })),
  statuses: z.array(open({ status: z.enum(BILL_STATUSES), bills: count })),
  days: nullable(open({ first: z.string(), last: z.string() })),
});

// ---- reports, stats, health -----------------------------------------------------------------

export const EodSummary = open({
  report_date: z.string(),
  generated_at: dateTime,
  total_bills: count,
  bills_by_status: z.record(z.string(), count),
  bills_by_user: z.record(z.string(), count),
  total_parent_bags: count,
  total_child_bags: count,
  total_weight_kg: kg,
  total_expected_weight_kg: kg,
  detailed_bills: z.array(open({ bill_id: z.string(), status: z.enum(BILL_STATUSES) })),
  returns: open({ tickets: count, finalized: count, cancelled: count, parents_returned: count, weight_kg: kg }),
  gate_passes_used: count,
});
export const Stats = open({
  totalBags: count,
  parentBags: count,
  childBags: count,
  bills: nullable(z.record(z.string(), count)),
  scansToday: count,
  passes: nullable(open({ active: count, usedToday: count })).optional(),
  generatedAt: dateTime,
  stale: z.literal(true).optional(),
});
export const DashboardActivity = open({
  scansPerHour: z.array(count),
  myScansToday: count,
  recent: z.array(open({ at: dateTime, action: z.string(), result: z.string(), qr: nullable(z.string()) })),
  generatedAt: dateTime,
});
export const Health = open({
  status: z.enum(["ok", "degraded", "down"]),
  db: open({ ok: z.boolean(), latencyMs: nullable(z.number()) }),
  redis: z.union([open({ ok: z.boolean() }), z.literal("disabled")]),
  version: z.string(),
  uptimeS: z.number(),
});
export const Liveness = z.object({ status: z.literal("live") });
export const SystemHealth = Health.extend({ overall: z.enum(["green", "amber", "red"]), generatedAt: dateTime, components: z.record(z.string(), open({})) });
export const PublicStatus = z.object({
  status: open({
    billNumber: z.string(),
    dispatched: z.boolean(),
    dispatchedAt: nullable(dateTime),
    state: z.string(),
    parents: count,
    weightKg: kg,
    asOf: dateTime,
    expiresAt: dateTime,
  }),
});

// ---- users and tokens -----------------------------------------------------------------------

export const UserList = z.object({
  users: z.array(
    open({
      id: z.string(),
      username: z.string(),
      email: nullable(z.string()),
      role: z.enum(ROLES),
      dispatchArea: nullable(area),
      totpEnabled: z.boolean(),
      lockedUntil: nullable(dateTime),
      lastLoginAt: nullable(dateTime),
      createdAt: dateTime,
      authSource: z.enum(["local", "ldap"]),
      deactivatedAt: nullable(dateTime),
    }),
  ),
});
export const UserEnvelope = z.object({
  user: open({ id: z.string(), username: z.string(), email: nullable(z.string()), role: z.enum(ROLES), dispatchArea: nullable(area), authSource: z.enum(["local", "ldap"]) }),
});
export const IssuedToken = z.object({
  token: z.string().meta({ description: "tt_…: shown once, never again." }),
  id: z.string(),
  prefix: z.string(),
});
export const TokenList = z.object({
  tokens: z.array(
    open({
      id: z.string(),
      name: z.string(),
      prefix: z.string(),
      role: z.enum(API_TOKEN_ROLES),
      area: nullable(area),
      issuedBy: z.string(),
      createdAt: dateTime,
      expiresAt: nullable(dateTime),
      lastUsedAt: nullable(dateTime),
      revokedAt: nullable(dateTime),
      status: z.enum(["active", "expired", "revoked"]),
    }),
  ),
});

/** GET /api/openapi.json answers the document itself. */
export const OpenApiDocumentShape = open({ openapi: z.string(), info: open({}), paths: open({}) });
