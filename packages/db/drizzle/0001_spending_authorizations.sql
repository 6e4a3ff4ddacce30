CREATE TABLE "spending_authorizations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"wallet_address" varchar(42) NOT NULL,
	"cap_wei" numeric(78, 0) NOT NULL,
	"expiry" bigint NOT NULL,
	"nonce" bigint NOT NULL,
	"signature" text NOT NULL,
	"chain_id" bigint NOT NULL,
	"verifying_contract" varchar(42) NOT NULL,
	"settlement_batch_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "spending_authorizations_user_contract_nonce" UNIQUE("wallet_address","verifying_contract","nonce")
);
--> statement-breakpoint
ALTER TABLE "spending_authorizations" ADD CONSTRAINT "spending_authorizations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "spending_authorizations" ADD CONSTRAINT "spending_authorizations_settlement_batch_id_settlement_batches_id_fk" FOREIGN KEY ("settlement_batch_id") REFERENCES "public"."settlement_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "idx_spending_authorizations_user" ON "spending_authorizations" USING btree ("user_id");