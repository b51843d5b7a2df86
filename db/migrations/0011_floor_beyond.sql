CREATE TABLE "label_reservations" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "label_reservations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"kind" text NOT NULL,
	"first_number" bigint NOT NULL,
	"count" integer NOT NULL,
	"reserved_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"note" text,
	CONSTRAINT "label_reservations_kind_check" CHECK ("label_reservations"."kind" in ('SB', 'M444', 'child')),
	CONSTRAINT "label_reservations_count_check" CHECK ("label_reservations"."count" between 1 and 1000),
	CONSTRAINT "label_reservations_first_check" CHECK ("label_reservations"."first_number" >= 1),
	CONSTRAINT "label_reservations_note_check" CHECK ("label_reservations"."note" is null or length("label_reservations"."note") <= 200)
);
--> statement-breakpoint
CREATE TABLE "label_sequences" (
	"kind" text PRIMARY KEY NOT NULL,
	"next_number" bigint NOT NULL,
	CONSTRAINT "label_sequences_kind_check" CHECK ("label_sequences"."kind" in ('SB', 'M444', 'child')),
	CONSTRAINT "label_sequences_next_check" CHECK ("label_sequences"."next_number" >= 1)
);
--> statement-breakpoint
CREATE TABLE "load_checks" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "load_checks_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"bill_id" bigint NOT NULL,
	"checked_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expected_count" integer NOT NULL,
	"matched_count" integer NOT NULL,
	"missing_count" integer NOT NULL,
	"extra_count" integer NOT NULL,
	"other_bill_count" integer NOT NULL,
	"report" jsonb NOT NULL,
	"notes" text,
	CONSTRAINT "load_checks_counts_check" CHECK ("load_checks"."expected_count" >= 0 and "load_checks"."matched_count" >= 0 and "load_checks"."missing_count" >= 0 and "load_checks"."extra_count" >= 0 and "load_checks"."other_bill_count" >= 0 and "load_checks"."matched_count" + "load_checks"."missing_count" = "load_checks"."expected_count"),
	CONSTRAINT "load_checks_notes_check" CHECK ("load_checks"."notes" is null or length("load_checks"."notes") <= 500)
);
--> statement-breakpoint
CREATE TABLE "scan_replays" (
	"user_id" text NOT NULL,
	"key" text NOT NULL,
	"kind" text NOT NULL,
	"request" text NOT NULL,
	"outcome" text NOT NULL,
	"response" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "scan_replays_pkey" PRIMARY KEY("user_id","key"),
	CONSTRAINT "scan_replays_key_check" CHECK ("scan_replays"."key" ~ '^[A-Za-z0-9_-]{8,64}$'),
	CONSTRAINT "scan_replays_kind_check" CHECK ("scan_replays"."kind" in ('parent', 'child', 'bill_parent')),
	CONSTRAINT "scan_replays_outcome_check" CHECK ("scan_replays"."outcome" in ('ok', 'refused'))
);
--> statement-breakpoint
ALTER TABLE "label_reservations" ADD CONSTRAINT "label_reservations_reserved_by_users_id_fk" FOREIGN KEY ("reserved_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "load_checks" ADD CONSTRAINT "load_checks_bill_id_bills_id_fk" FOREIGN KEY ("bill_id") REFERENCES "public"."bills"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "load_checks" ADD CONSTRAINT "load_checks_checked_by_users_id_fk" FOREIGN KEY ("checked_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scan_replays" ADD CONSTRAINT "scan_replays_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "label_reservations_kind_first_unique" ON "label_reservations" USING btree ("kind","first_number");--> statement-breakpoint
CREATE INDEX "label_reservations_created_idx" ON "label_reservations" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "load_checks_bill_created_idx" ON "load_checks" USING btree ("bill_id","created_at");--> statement-breakpoint
CREATE INDEX "scan_replays_created_idx" ON "scan_replays" USING btree ("created_at");