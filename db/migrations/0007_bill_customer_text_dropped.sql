-- No bill may lose its customer: refuse to drop the text while any named bill has no customer row.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM "bills" WHERE "customer" IS NOT NULL AND btrim("customer") <> '' AND "customer_id" IS NULL) THEN
    RAISE EXCEPTION 'bills with a customer name but no customer row';
  END IF;
END $$;--> statement-breakpoint
ALTER TABLE "bills" DROP COLUMN "customer";;--> statement-breakpoint
-- The customer portal reads only these views (DESIGN.md §8): what a dealer may see of a bill and
-- its parents, never a staff name. Weights follow lib/weights (1 kg a child; an SB parent is
-- 30 kg full, an M444 15 kg), checked against computeWeights by tests/db/portal-views.test.ts.
CREATE VIEW "portal_bills" AS
SELECT "b"."id", "b"."bill_number", "b"."customer_id", "c"."name" AS "customer_name", "c"."code" AS "customer_code",
       "b"."status", "b"."created_at", "b"."completed_at", "b"."dispatched_at", "b"."vehicle_number",
       "b"."linked_count" AS "parent_count",
       -- Scalar subqueries, not lateral joins: a query that does not read a column (the grid's
       -- count, a page sorted by number) never computes it. The actual weight is the child count
       -- times lib/weights' CHILD_WEIGHT_KG, applied by the app (lib/server/portal/query.ts).
       coalesce((SELECT sum("p"."child_count") FROM "bill_bags" AS "bb" JOIN "bags" AS "p" ON "p"."id" = "bb"."bag_id"
                  WHERE "bb"."bill_id" = "b"."id"), 0)::int AS "child_count",
       coalesce((SELECT sum(CASE WHEN upper("p"."qr") LIKE 'M444-%' THEN 15 ELSE 30 END)
                   FROM "bill_bags" AS "bb" JOIN "bags" AS "p" ON "p"."id" = "bb"."bag_id"
                  WHERE "bb"."bill_id" = "b"."id"), 0)::int AS "expected_weight_kg",
       -- Read through gate_passes_bill_used_idx (a bill has a pass or two), never by scanning every used pass.
       (SELECT "gp"."used_at" FROM "gate_passes" AS "gp"
         WHERE "gp"."bill_id" = "b"."id" AND "gp"."used_at" IS NOT NULL
         ORDER BY "gp"."bill_id" DESC, "gp"."used_at" DESC LIMIT 1) AS "gate_pass_at"
  FROM "bills" AS "b"
  LEFT JOIN "customers" AS "c" ON "c"."id" = "b"."customer_id";--> statement-breakpoint
CREATE VIEW "portal_bill_parents" AS
SELECT "bb"."bill_id", "p"."qr", "p"."child_count", "p"."capacity", "p"."status", "bb"."created_at" AS "added_at"
  FROM "bill_bags" AS "bb" JOIN "bags" AS "p" ON "p"."id" = "bb"."bag_id";--> statement-breakpoint
CREATE VIEW "portal_customers" AS
SELECT "id", "name", "code" FROM "customers";--> statement-breakpoint
-- The read-only role the portal's reads run as on a real PostgreSQL (lib/server/portal/read.ts):
-- SELECT on the three views, nothing else. Roles are per cluster, so an existing one is reused;
-- where the migrating user may not create roles (or on PGlite) the portal reads through the
-- main connection with the same views, and /admin/health says which.
DO $$
BEGIN
  BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tracetrack_portal') THEN
      CREATE ROLE "tracetrack_portal" NOLOGIN;
    END IF;
  EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
  END;
  EXECUTE 'GRANT SELECT ON "portal_bills", "portal_bill_parents", "portal_customers" TO "tracetrack_portal"';
  EXECUTE format('GRANT USAGE ON SCHEMA %I TO "tracetrack_portal"', current_schema());
  EXECUTE format('GRANT "tracetrack_portal" TO %I', current_user);
EXCEPTION WHEN insufficient_privilege OR feature_not_supported OR invalid_grant_operation THEN
  RAISE NOTICE 'tracetrack_portal role not set up: %', SQLERRM;
END $$;
