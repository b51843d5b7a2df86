-- Each app instance keeps the sessions it has just read for a few seconds (lib/server/auth/
-- session-cache.ts), so a request need not read its session row again. What may end or change a
-- session — the row updated or deleted (sign-out, an admin's "end session", a role change, expiry,
-- the idle expiry sliding) or its user's row updated or deleted (deactivation, role, area, 2FA,
-- password, preferences) — tells every instance at its commit, whichever statement, verb, script
-- or restore did it: NOTIFY on "tracetrack_auth" with the user's id ("*" after a TRUNCATE, which
-- fires no row trigger). An instance forgets that user's cached sessions when it hears it, and
-- caches nothing while it is not listening. Identical payloads in one transaction arrive once.
CREATE FUNCTION "auth_rows_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    PERFORM pg_notify('tracetrack_auth', '*');
  ELSIF TG_TABLE_NAME = 'users' THEN
    PERFORM pg_notify('tracetrack_auth', OLD."id");
  ELSE
    PERFORM pg_notify('tracetrack_auth', OLD."user_id");
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "users_auth_changed" AFTER UPDATE OR DELETE ON "users" FOR EACH ROW EXECUTE FUNCTION "auth_rows_changed"();--> statement-breakpoint
CREATE TRIGGER "sessions_auth_changed" AFTER UPDATE OR DELETE ON "sessions" FOR EACH ROW EXECUTE FUNCTION "auth_rows_changed"();--> statement-breakpoint
CREATE TRIGGER "users_auth_truncated" AFTER TRUNCATE ON "users" FOR EACH STATEMENT EXECUTE FUNCTION "auth_rows_changed"();--> statement-breakpoint
CREATE TRIGGER "sessions_auth_truncated" AFTER TRUNCATE ON "sessions" FOR EACH STATEMENT EXECUTE FUNCTION "auth_rows_changed"();
