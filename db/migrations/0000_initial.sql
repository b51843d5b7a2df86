CREATE TABLE "users" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text,
	"email" text,
	"email_verified" timestamp with time zone,
	"image" text,
	"username" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" text DEFAULT 'dispatcher' NOT NULL,
	"dispatch_area" text,
	"failed_login_attempts" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"last_failed_login_at" timestamp with time zone,
	"last_login_at" timestamp with time zone,
	"totp_secret" text,
	"totp_enabled" boolean DEFAULT false NOT NULL,
	"totp_last_step" integer,
	"must_change_password" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_role_check" CHECK ("users"."role" in ('admin', 'biller', 'dispatcher')),
	CONSTRAINT "users_area_check" CHECK ("users"."dispatch_area" is null or "users"."dispatch_area" in ('lucknow', 'indore', 'jaipur', 'hisar', 'sri_ganganagar', 'sangaria', 'bathinda', 'raipur', 'ranchi', 'akola')),
	CONSTRAINT "users_failed_attempts_check" CHECK ("users"."failed_login_attempts" >= 0),
	CONSTRAINT "users_username_check" CHECK (length("users"."username") between 3 and 64)
);
--> statement-breakpoint
CREATE TABLE "accounts" (
	"user_id" text NOT NULL,
	"type" text NOT NULL,
	"provider" text NOT NULL,
	"provider_account_id" text NOT NULL,
	"refresh_token" text,
	"access_token" text,
	"expires_at" integer,
	"token_type" text,
	"scope" text,
	"id_token" text,
	"session_state" text,
	CONSTRAINT "accounts_provider_provider_account_id_pk" PRIMARY KEY("provider","provider_account_id")
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"session_token" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"expires" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ip" text,
	"user_agent" text
);
--> statement-breakpoint
CREATE TABLE "verification_tokens" (
	"identifier" text NOT NULL,
	"token" text NOT NULL,
	"expires" timestamp with time zone NOT NULL,
	CONSTRAINT "verification_tokens_identifier_token_pk" PRIMARY KEY("identifier","token")
);
--> statement-breakpoint
CREATE TABLE "bags" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "bags_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"qr" text NOT NULL,
	"type" text NOT NULL,
	"dispatch_area" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"child_count" integer DEFAULT 0 NOT NULL,
	"capacity" smallint,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bags_id_type_unique" UNIQUE("id","type"),
	CONSTRAINT "bags_type_check" CHECK ("bags"."type" in ('parent', 'child')),
	CONSTRAINT "bags_status_check" CHECK ("bags"."status" in ('pending', 'in_progress', 'completed')),
	CONSTRAINT "bags_area_check" CHECK ("bags"."dispatch_area" is null or "bags"."dispatch_area" in ('lucknow', 'indore', 'jaipur', 'hisar', 'sri_ganganagar', 'sangaria', 'bathinda', 'raipur', 'ranchi', 'akola')),
	CONSTRAINT "bags_capacity_check" CHECK (("bags"."type" = 'parent' and "bags"."capacity" in (15, 30)) or ("bags"."type" = 'child' and "bags"."capacity" is null and "bags"."child_count" = 0)),
	CONSTRAINT "bags_child_count_check" CHECK ("bags"."child_count" >= 0 and "bags"."child_count" <= coalesce("bags"."capacity", 0)),
	CONSTRAINT "bags_qr_check" CHECK (length("bags"."qr") between 4 and 20)
);
--> statement-breakpoint
CREATE TABLE "links" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "links_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"parent_bag_id" bigint NOT NULL,
	"parent_type" text DEFAULT 'parent' NOT NULL,
	"child_bag_id" bigint NOT NULL,
	"child_type" text DEFAULT 'child' NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "links_child_unique" UNIQUE("child_bag_id"),
	CONSTRAINT "links_parent_type_check" CHECK ("links"."parent_type" = 'parent'),
	CONSTRAINT "links_child_type_check" CHECK ("links"."child_type" = 'child')
);
--> statement-breakpoint
CREATE TABLE "scans" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "scans_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"user_id" text,
	"action" text NOT NULL,
	"result" text NOT NULL,
	"qr" text,
	"parent_bag_id" bigint,
	"child_bag_id" bigint,
	"dispatch_area" text,
	"undone_at" timestamp with time zone,
	"undone_by" text,
	CONSTRAINT "scans_action_check" CHECK ("scans"."action" in ('parent', 'child', 'undo'))
);
--> statement-breakpoint
CREATE TABLE "bill_bags" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "bill_bags_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"bill_id" bigint NOT NULL,
	"bag_id" bigint NOT NULL,
	"bag_type" text DEFAULT 'parent' NOT NULL,
	"added_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bill_bags_bag_unique" UNIQUE("bag_id"),
	CONSTRAINT "bill_bags_type_check" CHECK ("bill_bags"."bag_type" = 'parent')
);
--> statement-breakpoint
CREATE TABLE "bills" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "bills_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"bill_number" text NOT NULL,
	"capacity" integer NOT NULL,
	"description" text,
	"customer" text,
	"vehicle_number" text,
	"status" text DEFAULT 'new' NOT NULL,
	"linked_count" integer DEFAULT 0 NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	CONSTRAINT "bills_capacity_check" CHECK ("bills"."capacity" between 1 and 500),
	CONSTRAINT "bills_linked_count_check" CHECK ("bills"."linked_count" >= 0),
	CONSTRAINT "bills_status_check" CHECK ("bills"."status" in ('new', 'processing', 'completed')),
	CONSTRAINT "bills_number_check" CHECK (length("bills"."bill_number") between 1 and 50)
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"user_id" text,
	"actor" text,
	"ip" text,
	"request_id" text,
	"action" text NOT NULL,
	"entity_type" text,
	"entity_id" text,
	"before" jsonb,
	"after" jsonb,
	"details" jsonb,
	"critical" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bags" ADD CONSTRAINT "bags_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "links" ADD CONSTRAINT "links_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "links" ADD CONSTRAINT "links_parent_fk" FOREIGN KEY ("parent_bag_id","parent_type") REFERENCES "public"."bags"("id","type") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "links" ADD CONSTRAINT "links_child_fk" FOREIGN KEY ("child_bag_id","child_type") REFERENCES "public"."bags"("id","type") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scans" ADD CONSTRAINT "scans_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scans" ADD CONSTRAINT "scans_parent_bag_id_bags_id_fk" FOREIGN KEY ("parent_bag_id") REFERENCES "public"."bags"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scans" ADD CONSTRAINT "scans_child_bag_id_bags_id_fk" FOREIGN KEY ("child_bag_id") REFERENCES "public"."bags"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "scans" ADD CONSTRAINT "scans_undone_by_users_id_fk" FOREIGN KEY ("undone_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bill_bags" ADD CONSTRAINT "bill_bags_bill_id_bills_id_fk" FOREIGN KEY ("bill_id") REFERENCES "public"."bills"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bill_bags" ADD CONSTRAINT "bill_bags_added_by_users_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bill_bags" ADD CONSTRAINT "bill_bags_bag_fk" FOREIGN KEY ("bag_id","bag_type") REFERENCES "public"."bags"("id","type") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bills" ADD CONSTRAINT "bills_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "users_username_ci_unique" ON "users" USING btree (lower("username"));--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_ci_unique" ON "users" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "users_role_area_idx" ON "users" USING btree ("role","dispatch_area");--> statement-breakpoint
CREATE INDEX "users_created_at_idx" ON "users" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "accounts_user_id_idx" ON "accounts" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "sessions_user_id_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "sessions_expires_idx" ON "sessions" USING btree ("expires");--> statement-breakpoint
CREATE UNIQUE INDEX "bags_qr_ci_unique" ON "bags" USING btree (upper("qr"));--> statement-breakpoint
CREATE INDEX "bags_type_area_created_idx" ON "bags" USING btree ("type","dispatch_area","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "bags_area_created_idx" ON "bags" USING btree ("dispatch_area","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "bags_created_idx" ON "bags" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "bags_created_by_idx" ON "bags" USING btree ("created_by");--> statement-breakpoint
CREATE INDEX "links_parent_created_idx" ON "links" USING btree ("parent_bag_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "links_created_by_idx" ON "links" USING btree ("created_by");--> statement-breakpoint
CREATE INDEX "scans_created_idx" ON "scans" USING btree ("created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "scans_user_created_idx" ON "scans" USING btree ("user_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "scans_parent_created_idx" ON "scans" USING btree ("parent_bag_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "scans_child_created_idx" ON "scans" USING btree ("child_bag_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "scans_area_created_idx" ON "scans" USING btree ("dispatch_area","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "scans_undone_by_idx" ON "scans" USING btree ("undone_by");--> statement-breakpoint
CREATE INDEX "bill_bags_bill_created_idx" ON "bill_bags" USING btree ("bill_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "bill_bags_added_by_idx" ON "bill_bags" USING btree ("added_by");--> statement-breakpoint
CREATE UNIQUE INDEX "bills_number_ci_unique" ON "bills" USING btree (upper("bill_number"));--> statement-breakpoint
CREATE INDEX "bills_status_created_idx" ON "bills" USING btree ("status","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "bills_created_idx" ON "bills" USING btree ("created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "bills_created_by_idx" ON "bills" USING btree ("created_by");--> statement-breakpoint
CREATE INDEX "audit_created_idx" ON "audit_log" USING btree ("created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "audit_user_created_idx" ON "audit_log" USING btree ("user_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "audit_action_created_idx" ON "audit_log" USING btree ("action","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "audit_entity_idx" ON "audit_log" USING btree ("entity_type","entity_id");--> statement-breakpoint
CREATE INDEX "audit_request_idx" ON "audit_log" USING btree ("request_id");