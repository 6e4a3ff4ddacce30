CREATE TABLE "admin_audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"actor_wallet" varchar(42) NOT NULL,
	"role" text NOT NULL,
	"action" text NOT NULL,
	"target" text NOT NULL,
	"reason" text NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"signature" text,
	"tx_hash" varchar(66),
	"status" text DEFAULT 'done' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "operator_roles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"wallet_address" varchar(42) NOT NULL,
	"role" text NOT NULL,
	"granted_by" text NOT NULL,
	"granted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by" text,
	CONSTRAINT "operator_roles_wallet_lowercase" CHECK ("operator_roles"."wallet_address" ~ '^0x[0-9a-f]{40}$'),
	CONSTRAINT "operator_roles_role_known" CHECK ("operator_roles"."role" in ('admin', 'operator', 'treasurer', 'priceKeeper', 'oracle'))
);
--> statement-breakpoint
CREATE INDEX "idx_admin_audit_log_created" ON "admin_audit_log" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "idx_admin_audit_log_actor" ON "admin_audit_log" USING btree ("actor_wallet");--> statement-breakpoint
CREATE INDEX "idx_admin_audit_log_target" ON "admin_audit_log" USING btree ("target");--> statement-breakpoint
CREATE UNIQUE INDEX "uq_operator_roles_live" ON "operator_roles" USING btree ("wallet_address","role") WHERE "operator_roles"."revoked_at" is null;--> statement-breakpoint
CREATE INDEX "idx_operator_roles_wallet" ON "operator_roles" USING btree ("wallet_address");--> statement-breakpoint
CREATE FUNCTION "admin_audit_log_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'UPDATE'
		AND OLD."completed_at" IS NULL
		AND NEW."completed_at" IS NOT NULL
		AND NEW."id" = OLD."id"
		AND NEW."actor_wallet" = OLD."actor_wallet"
		AND NEW."role" = OLD."role"
		AND NEW."action" = OLD."action"
		AND NEW."target" = OLD."target"
		AND NEW."reason" = OLD."reason"
		AND NEW."before" IS NOT DISTINCT FROM OLD."before"
		AND NEW."signature" IS NOT DISTINCT FROM OLD."signature"
		AND NEW."created_at" = OLD."created_at"
		AND (OLD."tx_hash" IS NULL OR NEW."tx_hash" = OLD."tx_hash")
	THEN
		RETURN NEW;
	END IF;
	RAISE EXCEPTION 'admin_audit_log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;--> statement-breakpoint
CREATE TRIGGER "admin_audit_log_append_only" BEFORE UPDATE OR DELETE ON "admin_audit_log"
	FOR EACH ROW EXECUTE FUNCTION "admin_audit_log_append_only"();
