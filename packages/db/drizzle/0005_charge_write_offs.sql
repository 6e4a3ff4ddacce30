CREATE TABLE "charge_write_offs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"charge_transaction_id" uuid NOT NULL,
	"reversal_transaction_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"amount_wei" numeric(78, 0) NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "charge_write_offs_charge_transaction_id_unique" UNIQUE("charge_transaction_id")
);
--> statement-breakpoint
ALTER TABLE "charge_write_offs" ADD CONSTRAINT "charge_write_offs_charge_transaction_id_ledger_transactions_id_fk" FOREIGN KEY ("charge_transaction_id") REFERENCES "public"."ledger_transactions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charge_write_offs" ADD CONSTRAINT "charge_write_offs_reversal_transaction_id_ledger_transactions_id_fk" FOREIGN KEY ("reversal_transaction_id") REFERENCES "public"."ledger_transactions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charge_write_offs" ADD CONSTRAINT "charge_write_offs_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "idx_charge_write_offs_user" ON "charge_write_offs" USING btree ("user_id");