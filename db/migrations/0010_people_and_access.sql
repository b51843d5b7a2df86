CREATE TABLE "api_tokens" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"token_hash" text NOT NULL,
	"scope" text NOT NULL,
	"dispatch_area" text,
	"issued_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	"last_used_ip" text,
	"revoked_at" timestamp with time zone,
	"revoked_by" text,
	CONSTRAINT "api_tokens_scope_check" CHECK ("api_tokens"."scope" in ('dispatcher', 'biller', 'gate', 'readonly', 'admin')),
	CONSTRAINT "api_tokens_area_check" CHECK (("api_tokens"."scope" = 'dispatcher') = ("api_tokens"."dispatch_area" is not null)),
	CONSTRAINT "api_tokens_name_check" CHECK (length("api_tokens"."name") between 1 and 80)
);
--> statement-breakpoint
CREATE TABLE "promotion_requests" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "promotion_requests_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"user_id" text NOT NULL,
	"from_role" text NOT NULL,
	"requested_role" text NOT NULL,
	"reason" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "promotion_requests_status_check" CHECK ("promotion_requests"."status" in ('pending', 'approved', 'rejected')),
	CONSTRAINT "promotion_requests_role_check" CHECK ("promotion_requests"."requested_role" in ('biller', 'admin')),
	CONSTRAINT "promotion_requests_reason_check" CHECK (length("promotion_requests"."reason") between 10 and 500),
	CONSTRAINT "promotion_requests_note_check" CHECK ("promotion_requests"."decision_note" is null or length("promotion_requests"."decision_note") <= 300),
	CONSTRAINT "promotion_requests_decided_check" CHECK (("promotion_requests"."status" = 'pending') = ("promotion_requests"."decided_at" is null))
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "auth_source" text DEFAULT 'local' NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "deleted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_issued_by_users_id_fk" FOREIGN KEY ("issued_by") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_revoked_by_users_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promotion_requests" ADD CONSTRAINT "promotion_requests_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promotion_requests" ADD CONSTRAINT "promotion_requests_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "api_tokens_hash_unique" ON "api_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "api_tokens_prefix_unique" ON "api_tokens" USING btree ("prefix");--> statement-breakpoint
CREATE INDEX "api_tokens_issued_by_idx" ON "api_tokens" USING btree ("issued_by");--> statement-breakpoint
CREATE UNIQUE INDEX "promotion_requests_one_pending" ON "promotion_requests" USING btree ("user_id") WHERE "promotion_requests"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "promotion_requests_status_created_idx" ON "promotion_requests" USING btree ("status","created_at");--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_auth_source_check" CHECK ("users"."auth_source" in ('local', 'ldap'));