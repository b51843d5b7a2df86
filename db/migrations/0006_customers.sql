CREATE TABLE "customers" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "customers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"code" text GENERATED ALWAYS AS ('C' || lpad(id::text, 4, '0')) STORED NOT NULL,
	"email" text,
	"phone" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customers_name_check" CHECK (length("customers"."name") between 1 and 120 and "customers"."name" = btrim("customers"."name")),
	CONSTRAINT "customers_phone_check" CHECK ("customers"."phone" is null or "customers"."phone" ~ '^[0-9]{10}$'),
	CONSTRAINT "customers_email_check" CHECK ("customers"."email" is null or length("customers"."email") between 3 and 254)
);
--> statement-breakpoint
CREATE TABLE "login_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "login_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"user_id" text,
	"role" text,
	"identifier" text NOT NULL,
	"success" boolean NOT NULL,
	"reason" text NOT NULL,
	"ip" text,
	"user_agent" text,
	CONSTRAINT "login_events_identifier_check" CHECK (length("login_events"."identifier") <= 254)
);
--> statement-breakpoint
CREATE TABLE "user_customers" (
	"user_id" text NOT NULL,
	"customer_id" bigint NOT NULL,
	CONSTRAINT "user_customers_user_id_customer_id_pk" PRIMARY KEY("user_id","customer_id")
);
--> statement-breakpoint
ALTER TABLE "users" DROP CONSTRAINT "users_role_check";--> statement-breakpoint
ALTER TABLE "users" DROP CONSTRAINT "users_username_check";--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "all_customers" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "deactivated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "bills" ADD COLUMN "customer_id" bigint;--> statement-breakpoint
ALTER TABLE "login_events" ADD CONSTRAINT "login_events_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_customers" ADD CONSTRAINT "user_customers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_customers" ADD CONSTRAINT "user_customers_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "customers_name_ci_unique" ON "customers" USING btree (lower("name"));--> statement-breakpoint
CREATE INDEX "login_events_created_idx" ON "login_events" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "login_events_user_created_idx" ON "login_events" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "user_customers_customer_idx" ON "user_customers" USING btree ("customer_id");--> statement-breakpoint
ALTER TABLE "bills" ADD CONSTRAINT "bills_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "bills_customer_created_idx" ON "bills" USING btree ("customer_id","created_at","id");--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_all_customers_check" CHECK (not "users"."all_customers" or "users"."role" = 'customer');--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_role_check" CHECK ("users"."role" in ('admin', 'biller', 'dispatcher', 'gate', 'customer'));--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_username_check" CHECK (length("users"."username") between 3 and 254);--> statement-breakpoint
-- Customers as data: every distinct free-text customer becomes one row (matched case-insensitively,
-- spelled as on its first bill) and every bill points at its row; 0007 then drops the text.
INSERT INTO "customers" ("name")
SELECT "name" FROM (
  SELECT DISTINCT ON (lower(btrim("customer"))) left(btrim("customer"), 120) AS "name", "created_at", "id"
    FROM "bills"
   WHERE "customer" IS NOT NULL AND btrim("customer") <> ''
   ORDER BY lower(btrim("customer")), "created_at", "id"
) AS "first_spellings"
ORDER BY "created_at", "id";--> statement-breakpoint
UPDATE "bills" SET "customer_id" = "c"."id"
  FROM "customers" AS "c"
 WHERE "bills"."customer" IS NOT NULL AND lower(left(btrim("bills"."customer"), 120)) = lower("c"."name");
