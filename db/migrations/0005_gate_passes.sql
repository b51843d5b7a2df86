CREATE TABLE "gate_pass_days" (
	"day" date PRIMARY KEY NOT NULL,
	"last_seq" integer NOT NULL,
	CONSTRAINT "gate_pass_days_seq_check" CHECK ("gate_pass_days"."last_seq" >= 1)
);
--> statement-breakpoint
CREATE TABLE "gate_passes" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "gate_passes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"bill_id" bigint NOT NULL,
	"driver_name" text NOT NULL,
	"driver_phone" text NOT NULL,
	"co_driver_name" text,
	"co_driver_phone" text,
	"vehicle_number" text NOT NULL,
	"notes" text,
	"valid_from" timestamp with time zone NOT NULL,
	"valid_until" timestamp with time zone NOT NULL,
	"state" text DEFAULT 'active' NOT NULL,
	"issued_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"print_count" integer DEFAULT 0 NOT NULL,
	"used_at" timestamp with time zone,
	"used_by" text,
	"used_ip" text,
	"revoked_at" timestamp with time zone,
	"revoked_by" text,
	"revoke_reason" text,
	CONSTRAINT "gate_passes_code_check" CHECK ("gate_passes"."code" ~ '^GP-[0-9]{8}-[0-9]{4,}$'),
	CONSTRAINT "gate_passes_state_check" CHECK ("gate_passes"."state" in ('active', 'revoked', 'expired')),
	CONSTRAINT "gate_passes_window_check" CHECK ("gate_passes"."valid_until" > "gate_passes"."valid_from" and "gate_passes"."valid_until" - "gate_passes"."valid_from" <= interval '48 hours'),
	CONSTRAINT "gate_passes_driver_phone_check" CHECK ("gate_passes"."driver_phone" ~ '^[0-9]{10}$'),
	CONSTRAINT "gate_passes_co_driver_phone_check" CHECK ("gate_passes"."co_driver_phone" is null or "gate_passes"."co_driver_phone" ~ '^[0-9]{10}$'),
	CONSTRAINT "gate_passes_vehicle_check" CHECK ("gate_passes"."vehicle_number" ~ '^[A-Z0-9]{4,12}$'),
	CONSTRAINT "gate_passes_driver_name_check" CHECK (length("gate_passes"."driver_name") between 2 and 100),
	CONSTRAINT "gate_passes_print_count_check" CHECK ("gate_passes"."print_count" >= 0),
	CONSTRAINT "gate_passes_used_check" CHECK ("gate_passes"."used_at" is null or "gate_passes"."state" = 'active'),
	CONSTRAINT "gate_passes_revoked_check" CHECK (("gate_passes"."state" = 'revoked') = ("gate_passes"."revoked_at" is not null and "gate_passes"."revoke_reason" is not null))
);
--> statement-breakpoint
ALTER TABLE "users" DROP CONSTRAINT "users_role_check";--> statement-breakpoint
ALTER TABLE "bills" DROP CONSTRAINT "bills_status_check";--> statement-breakpoint
ALTER TABLE "bills" ADD COLUMN "dispatched_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "gate_passes" ADD CONSTRAINT "gate_passes_bill_id_bills_id_fk" FOREIGN KEY ("bill_id") REFERENCES "public"."bills"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gate_passes" ADD CONSTRAINT "gate_passes_issued_by_users_id_fk" FOREIGN KEY ("issued_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gate_passes" ADD CONSTRAINT "gate_passes_used_by_users_id_fk" FOREIGN KEY ("used_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gate_passes" ADD CONSTRAINT "gate_passes_revoked_by_users_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "gate_passes_code_unique" ON "gate_passes" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "gate_passes_bill_active_unique" ON "gate_passes" USING btree ("bill_id") WHERE "gate_passes"."state" = 'active';--> statement-breakpoint
CREATE INDEX "gate_passes_bill_idx" ON "gate_passes" USING btree ("bill_id","created_at","id");--> statement-breakpoint
CREATE INDEX "gate_passes_created_idx" ON "gate_passes" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "gate_passes_used_idx" ON "gate_passes" USING btree ("used_at") WHERE "gate_passes"."used_at" is not null;--> statement-breakpoint
CREATE INDEX "gate_passes_vehicle_idx" ON "gate_passes" USING btree ("vehicle_number");--> statement-breakpoint
CREATE INDEX "gate_passes_issued_by_idx" ON "gate_passes" USING btree ("issued_by");--> statement-breakpoint
CREATE INDEX "gate_passes_used_by_idx" ON "gate_passes" USING btree ("used_by");--> statement-breakpoint
CREATE INDEX "gate_passes_revoked_by_idx" ON "gate_passes" USING btree ("revoked_by");--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_role_check" CHECK ("users"."role" in ('admin', 'biller', 'dispatcher', 'gate'));--> statement-breakpoint
ALTER TABLE "bills" ADD CONSTRAINT "bills_dispatched_check" CHECK (("bills"."status" = 'dispatched') = ("bills"."dispatched_at" is not null));--> statement-breakpoint
ALTER TABLE "bills" ADD CONSTRAINT "bills_status_check" CHECK ("bills"."status" in ('new', 'processing', 'completed', 'dispatched'));