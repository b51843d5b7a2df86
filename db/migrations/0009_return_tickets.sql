CREATE TABLE "bill_return_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "bill_return_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"bill_id" bigint NOT NULL,
	"ticket_id" bigint,
	"bag_id" bigint,
	"bag_qr" text NOT NULL,
	"kind" text NOT NULL,
	"linked_before" integer NOT NULL,
	"linked_after" integer NOT NULL,
	"children_before" integer NOT NULL,
	"children_after" integer NOT NULL,
	"actual_weight_before_kg" integer NOT NULL,
	"actual_weight_after_kg" integer NOT NULL,
	"expected_weight_before_kg" integer NOT NULL,
	"expected_weight_after_kg" integer NOT NULL,
	"by_user" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bill_return_events_kind_check" CHECK ("bill_return_events"."kind" in ('returned', 'restored'))
);
--> statement-breakpoint
CREATE TABLE "return_ticket_bags" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "return_ticket_bags_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"ticket_id" bigint NOT NULL,
	"bag_id" bigint NOT NULL,
	"bag_qr" text NOT NULL,
	"bill_id" bigint,
	"bill_number" text NOT NULL,
	"child_count" integer NOT NULL,
	"state" text DEFAULT 'held' NOT NULL,
	"scanned_by" text,
	"scanned_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "return_ticket_bags_ticket_bag_unique" UNIQUE("ticket_id","bag_id"),
	CONSTRAINT "return_ticket_bags_state_check" CHECK ("return_ticket_bags"."state" in ('held', 'returned', 'restored')),
	CONSTRAINT "return_ticket_bags_child_count_check" CHECK ("return_ticket_bags"."child_count" >= 0)
);
--> statement-breakpoint
CREATE TABLE "return_ticket_days" (
	"day" date PRIMARY KEY NOT NULL,
	"last_seq" integer NOT NULL,
	CONSTRAINT "return_ticket_days_seq_check" CHECK ("return_ticket_days"."last_seq" >= 1)
);
--> statement-breakpoint
CREATE TABLE "return_tickets" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "return_tickets_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"area" text NOT NULL,
	"notes" text,
	"status" text DEFAULT 'open' NOT NULL,
	"bags_count" integer DEFAULT 0 NOT NULL,
	"child_count" integer DEFAULT 0 NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	"closed_by" text,
	CONSTRAINT "return_tickets_code_check" CHECK ("return_tickets"."code" ~ '^RTN-[0-9]{8}-[0-9]{4,}$'),
	CONSTRAINT "return_tickets_status_check" CHECK ("return_tickets"."status" in ('open', 'finalized', 'cancelled')),
	CONSTRAINT "return_tickets_area_check" CHECK ("return_tickets"."area" in ('lucknow', 'indore', 'jaipur', 'hisar', 'sri_ganganagar', 'sangaria', 'bathinda', 'raipur', 'ranchi', 'akola')),
	CONSTRAINT "return_tickets_notes_check" CHECK ("return_tickets"."notes" is null or length("return_tickets"."notes") <= 500),
	CONSTRAINT "return_tickets_counts_check" CHECK ("return_tickets"."bags_count" >= 0 and "return_tickets"."child_count" >= 0),
	CONSTRAINT "return_tickets_closed_check" CHECK (("return_tickets"."status" = 'open') = ("return_tickets"."closed_at" is null))
);
--> statement-breakpoint
ALTER TABLE "bill_return_events" ADD CONSTRAINT "bill_return_events_bill_id_bills_id_fk" FOREIGN KEY ("bill_id") REFERENCES "public"."bills"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bill_return_events" ADD CONSTRAINT "bill_return_events_ticket_id_return_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."return_tickets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bill_return_events" ADD CONSTRAINT "bill_return_events_bag_id_bags_id_fk" FOREIGN KEY ("bag_id") REFERENCES "public"."bags"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bill_return_events" ADD CONSTRAINT "bill_return_events_by_user_users_id_fk" FOREIGN KEY ("by_user") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "return_ticket_bags" ADD CONSTRAINT "return_ticket_bags_ticket_id_return_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."return_tickets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "return_ticket_bags" ADD CONSTRAINT "return_ticket_bags_bag_id_bags_id_fk" FOREIGN KEY ("bag_id") REFERENCES "public"."bags"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "return_ticket_bags" ADD CONSTRAINT "return_ticket_bags_bill_id_bills_id_fk" FOREIGN KEY ("bill_id") REFERENCES "public"."bills"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "return_ticket_bags" ADD CONSTRAINT "return_ticket_bags_scanned_by_users_id_fk" FOREIGN KEY ("scanned_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "return_tickets" ADD CONSTRAINT "return_tickets_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "return_tickets" ADD CONSTRAINT "return_tickets_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bill_return_events_bill_at_idx" ON "bill_return_events" USING btree ("bill_id","at","id");--> statement-breakpoint
CREATE INDEX "bill_return_events_ticket_idx" ON "bill_return_events" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "bill_return_events_bag_idx" ON "bill_return_events" USING btree ("bag_id");--> statement-breakpoint
CREATE INDEX "bill_return_events_by_user_idx" ON "bill_return_events" USING btree ("by_user");--> statement-breakpoint
CREATE UNIQUE INDEX "return_ticket_bags_held_unique" ON "return_ticket_bags" USING btree ("bag_id") WHERE "return_ticket_bags"."state" = 'held';--> statement-breakpoint
CREATE INDEX "return_ticket_bags_ticket_scanned_idx" ON "return_ticket_bags" USING btree ("ticket_id","scanned_at","id");--> statement-breakpoint
CREATE INDEX "return_ticket_bags_bill_idx" ON "return_ticket_bags" USING btree ("bill_id");--> statement-breakpoint
CREATE INDEX "return_ticket_bags_scanned_by_idx" ON "return_ticket_bags" USING btree ("scanned_by");--> statement-breakpoint
CREATE UNIQUE INDEX "return_tickets_code_unique" ON "return_tickets" USING btree ("code");--> statement-breakpoint
CREATE INDEX "return_tickets_created_idx" ON "return_tickets" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "return_tickets_status_created_idx" ON "return_tickets" USING btree ("status","created_at","id");--> statement-breakpoint
CREATE INDEX "return_tickets_created_by_idx" ON "return_tickets" USING btree ("created_by");--> statement-breakpoint
CREATE INDEX "return_tickets_closed_by_idx" ON "return_tickets" USING btree ("closed_by");