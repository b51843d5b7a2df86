-- A bag row carries its parent (children) and its bill (a parent's own, a child's through its
-- parent), so the bag list's linked/billed filters read the row, or a small partial index, where
-- they probed links and bill_bags for every bag read (a count of unlinked children checked each
-- of 2M children's link: 1.2 s). The statement triggers below keep them from links and
-- bill_bags, whichever verb, import, restore or cascade changes those; a verb may only insert a
-- new child with its parent already set (the trigger then finds nothing to change).
-- On an existing database the backfill rewrites every linked or billed bag once (2 min 18 s at
-- 2M bags on a 2-core machine, inside the start-up migration); an empty or demo database pays nothing.
ALTER TABLE "bags" ADD COLUMN "parent_bag_id" bigint;--> statement-breakpoint
ALTER TABLE "bags" ADD COLUMN "bill_id" bigint;--> statement-breakpoint
UPDATE "bags" c SET "parent_bag_id" = l."parent_bag_id", "bill_id" = bb."bill_id"
  FROM "links" l LEFT JOIN "bill_bags" bb ON bb."bag_id" = l."parent_bag_id"
 WHERE c."id" = l."child_bag_id";--> statement-breakpoint
UPDATE "bags" p SET "bill_id" = bb."bill_id" FROM "bill_bags" bb WHERE p."id" = bb."bag_id";--> statement-breakpoint
CREATE INDEX "bags_unlinked_created_idx" ON "bags" USING btree ("created_at","id") WHERE ("bags"."type" = 'parent' and "bags"."status" = 'pending') or ("bags"."type" = 'child' and "bags"."parent_bag_id" is null);--> statement-breakpoint
CREATE INDEX "bags_billed_created_idx" ON "bags" USING btree ("created_at","id") WHERE "bags"."bill_id" is not null;--> statement-breakpoint
ALTER TABLE "bags" ADD CONSTRAINT "bags_parent_bag_check" CHECK ("bags"."parent_bag_id" is null or "bags"."type" = 'child');--> statement-breakpoint
-- Links gained: each child takes its parent and the parent's bill. The parents are share-locked
-- first, so a bill change on one of them either committed before the next statement's snapshot
-- (and is read) or waits for this transaction (and its pass over the parent's links sees this one).
-- A child inserted with its parent already set and no bill (the scan's usual case) is not rewritten.
CREATE FUNCTION "bags_follow_linked"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM "bags" p WHERE p."id" IN (SELECT n."parent_bag_id" FROM "new_links" n) FOR SHARE;
  UPDATE "bags" c SET "parent_bag_id" = n."parent_bag_id", "bill_id" = p."bill_id"
    FROM "new_links" n JOIN "bags" p ON p."id" = n."parent_bag_id"
   WHERE c."id" = n."child_bag_id"
     AND (c."parent_bag_id" IS DISTINCT FROM n."parent_bag_id" OR c."bill_id" IS DISTINCT FROM p."bill_id");
  RETURN NULL;
END $$;--> statement-breakpoint
-- Links removed (unlink, undo, delete, a parent's cascade): the child is on no parent and no bill.
CREATE FUNCTION "bags_follow_unlinked"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "bags" c SET "parent_bag_id" = NULL, "bill_id" = NULL
    FROM "old_links" o
   WHERE c."id" = o."child_bag_id" AND c."parent_bag_id" = o."parent_bag_id";
  RETURN NULL;
END $$;--> statement-breakpoint
-- A parent put on a bill, and its children. The parents' update comes first: it waits for a
-- scan holding a parent, and the children's statement then sees that scan's links. The children's
-- own parent_bag_id is re-checked on a row another transaction changed meanwhile, so a child
-- unlinked in between keeps no bill.
CREATE FUNCTION "bags_follow_billed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "bags" p SET "bill_id" = n."bill_id" FROM "new_bill_bags" n
   WHERE p."id" = n."bag_id" AND p."bill_id" IS DISTINCT FROM n."bill_id";
  UPDATE "bags" c SET "bill_id" = n."bill_id"
    FROM "new_bill_bags" n JOIN "links" l ON l."parent_bag_id" = n."bag_id"
   WHERE c."id" = l."child_bag_id" AND c."parent_bag_id" = n."bag_id" AND c."bill_id" IS DISTINCT FROM n."bill_id";
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE FUNCTION "bags_follow_unbilled"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "bags" p SET "bill_id" = NULL FROM "old_bill_bags" o
   WHERE p."id" = o."bag_id" AND p."bill_id" = o."bill_id";
  UPDATE "bags" c SET "bill_id" = NULL
    FROM "old_bill_bags" o JOIN "links" l ON l."parent_bag_id" = o."bag_id"
   WHERE c."id" = l."child_bag_id" AND c."parent_bag_id" = o."bag_id" AND c."bill_id" = o."bill_id";
  RETURN NULL;
END $$;--> statement-breakpoint
-- Links and bill rows are inserted and deleted, never moved: an update of their keys would
-- leave the bags' copies behind, so it is refused.
CREATE FUNCTION "bags_follow_refuse_move"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% rows are not moved in place: delete the row and insert the new one', TG_TABLE_NAME;
END $$;--> statement-breakpoint
CREATE TRIGGER "links_follow_insert" AFTER INSERT ON "links" REFERENCING NEW TABLE AS "new_links"
  FOR EACH STATEMENT EXECUTE FUNCTION "bags_follow_linked"();--> statement-breakpoint
CREATE TRIGGER "links_follow_delete" AFTER DELETE ON "links" REFERENCING OLD TABLE AS "old_links"
  FOR EACH STATEMENT EXECUTE FUNCTION "bags_follow_unlinked"();--> statement-breakpoint
CREATE TRIGGER "links_refuse_move" BEFORE UPDATE OF "parent_bag_id", "child_bag_id" ON "links"
  FOR EACH ROW EXECUTE FUNCTION "bags_follow_refuse_move"();--> statement-breakpoint
CREATE TRIGGER "bill_bags_follow_insert" AFTER INSERT ON "bill_bags" REFERENCING NEW TABLE AS "new_bill_bags"
  FOR EACH STATEMENT EXECUTE FUNCTION "bags_follow_billed"();--> statement-breakpoint
CREATE TRIGGER "bill_bags_follow_delete" AFTER DELETE ON "bill_bags" REFERENCING OLD TABLE AS "old_bill_bags"
  FOR EACH STATEMENT EXECUTE FUNCTION "bags_follow_unbilled"();--> statement-breakpoint
CREATE TRIGGER "bill_bags_refuse_move" BEFORE UPDATE OF "bill_id", "bag_id" ON "bill_bags"
  FOR EACH ROW EXECUTE FUNCTION "bags_follow_refuse_move"();
