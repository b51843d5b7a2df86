DROP INDEX "bags_type_area_created_idx";--> statement-breakpoint
DROP INDEX "bags_area_created_idx";--> statement-breakpoint
DROP INDEX "bags_created_idx";--> statement-breakpoint
DROP INDEX "links_parent_created_idx";--> statement-breakpoint
DROP INDEX "scans_created_idx";--> statement-breakpoint
DROP INDEX "scans_user_created_idx";--> statement-breakpoint
DROP INDEX "scans_parent_created_idx";--> statement-breakpoint
DROP INDEX "scans_child_created_idx";--> statement-breakpoint
DROP INDEX "scans_area_created_idx";--> statement-breakpoint
DROP INDEX "bill_bags_bill_created_idx";--> statement-breakpoint
DROP INDEX "bills_status_created_idx";--> statement-breakpoint
DROP INDEX "bills_created_idx";--> statement-breakpoint
DROP INDEX "audit_created_idx";--> statement-breakpoint
DROP INDEX "audit_user_created_idx";--> statement-breakpoint
DROP INDEX "audit_action_created_idx";--> statement-breakpoint
CREATE INDEX "bags_type_area_created_idx" ON "bags" USING btree ("type","dispatch_area","created_at","id");--> statement-breakpoint
CREATE INDEX "bags_area_created_idx" ON "bags" USING btree ("dispatch_area","created_at","id");--> statement-breakpoint
CREATE INDEX "bags_created_idx" ON "bags" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "links_parent_created_idx" ON "links" USING btree ("parent_bag_id","created_at","id");--> statement-breakpoint
CREATE INDEX "scans_created_idx" ON "scans" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "scans_user_created_idx" ON "scans" USING btree ("user_id","created_at","id");--> statement-breakpoint
CREATE INDEX "scans_parent_created_idx" ON "scans" USING btree ("parent_bag_id","created_at","id");--> statement-breakpoint
CREATE INDEX "scans_child_created_idx" ON "scans" USING btree ("child_bag_id","created_at","id");--> statement-breakpoint
CREATE INDEX "scans_area_created_idx" ON "scans" USING btree ("dispatch_area","created_at");--> statement-breakpoint
CREATE INDEX "bill_bags_bill_created_idx" ON "bill_bags" USING btree ("bill_id","created_at","id");--> statement-breakpoint
CREATE INDEX "bills_status_created_idx" ON "bills" USING btree ("status","created_at","id");--> statement-breakpoint
CREATE INDEX "bills_created_idx" ON "bills" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "audit_created_idx" ON "audit_log" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "audit_user_created_idx" ON "audit_log" USING btree ("user_id","created_at","id");--> statement-breakpoint
CREATE INDEX "audit_action_created_idx" ON "audit_log" USING btree ("action","created_at","id");