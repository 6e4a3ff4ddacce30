CREATE TABLE "node_slash_proposals" (
	"evidence_hash" varchar(66) PRIMARY KEY NOT NULL,
	"node_id" varchar(100) NOT NULL,
	"owner_address" varchar(42) NOT NULL,
	"audit_id" text,
	"amount_wei" numeric(78, 0) NOT NULL,
	"refunds" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"tx_hash" varchar(66),
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "idx_node_slash_proposals_node" ON "node_slash_proposals" USING btree ("node_id");--> statement-breakpoint
CREATE INDEX "idx_node_slash_proposals_status" ON "node_slash_proposals" USING btree ("status");