ALTER TABLE "bags" ADD COLUMN "finished_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "bags" ADD COLUMN "finished_by" text;--> statement-breakpoint
ALTER TABLE "bags" ADD COLUMN "finish_reason" text;--> statement-breakpoint
ALTER TABLE "bags" ADD CONSTRAINT "bags_finished_by_users_id_fk" FOREIGN KEY ("finished_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bags_finished_by_idx" ON "bags" USING btree ("finished_by") WHERE "bags"."finished_by" is not null;--> statement-breakpoint
CREATE INDEX "bags_parent_status_created_idx" ON "bags" USING btree ("status","created_at","id") WHERE "bags"."type" = 'parent';--> statement-breakpoint
ALTER TABLE "bags" ADD CONSTRAINT "bags_finished_check" CHECK (("bags"."finished_at" is null and "bags"."finished_by" is null and "bags"."finish_reason" is null)
        or ("bags"."type" = 'parent' and "bags"."status" = 'completed' and "bags"."finished_at" is not null
            and "bags"."finish_reason" is not null and length("bags"."finish_reason") between 1 and 200));--> statement-breakpoint
ALTER TABLE "bags" ADD CONSTRAINT "bags_completed_check" CHECK ("bags"."status" <> 'completed' or "bags"."child_count" = "bags"."capacity" or "bags"."finished_at" is not null);