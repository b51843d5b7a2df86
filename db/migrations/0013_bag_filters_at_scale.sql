-- pg_trgm gives bags_qr_trgm_idx its operator class (the lookup's "contains" search). Trusted
-- since PostgreSQL 13: a database owner may create it; PGlite loads it as an extension (db/client.ts).
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
DROP INDEX "bags_created_by_idx";--> statement-breakpoint
CREATE INDEX "bags_created_by_created_idx" ON "bags" USING btree ("created_by","created_at","id");--> statement-breakpoint
CREATE INDEX "bags_parent_created_idx" ON "bags" USING btree ("created_at","id") WHERE "bags"."type" = 'parent';--> statement-breakpoint
CREATE INDEX "bags_qr_trgm_idx" ON "bags" USING gin (upper("qr") gin_trgm_ops);