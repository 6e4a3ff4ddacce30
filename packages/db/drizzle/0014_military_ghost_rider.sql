CREATE TABLE "desci_chain_backings" (
	"escrow_address" varchar(42) NOT NULL,
	"proposal_id" bigint NOT NULL,
	"backer_address" varchar(42) NOT NULL,
	"contributed_wei" numeric(78, 0) NOT NULL,
	"refunded_wei" numeric(78, 0) NOT NULL,
	"first_backed_at" timestamp with time zone NOT NULL,
	"last_backed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "desci_chain_backings_pk" PRIMARY KEY("escrow_address","proposal_id","backer_address")
);
--> statement-breakpoint
CREATE TABLE "desci_chain_decisions" (
	"escrow_address" varchar(42) NOT NULL,
	"proposal_id" bigint NOT NULL,
	"milestone_index" integer NOT NULL,
	"reviewer_address" varchar(42) NOT NULL,
	"approved" boolean NOT NULL,
	"deliverable_hash" varchar(66) NOT NULL,
	"transaction_hash" varchar(66) NOT NULL,
	"decided_at" timestamp with time zone NOT NULL,
	CONSTRAINT "desci_chain_decisions_pk" PRIMARY KEY("escrow_address","proposal_id","milestone_index","reviewer_address")
);
--> statement-breakpoint
CREATE TABLE "desci_chain_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"escrow_address" varchar(42) NOT NULL,
	"proposal_id" bigint NOT NULL,
	"milestone_index" integer,
	"event_name" text NOT NULL,
	"actor_address" varchar(42),
	"amount_wei" numeric(78, 0),
	"details" jsonb NOT NULL,
	"block_number" bigint NOT NULL,
	"log_index" integer NOT NULL,
	"transaction_hash" varchar(66) NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	CONSTRAINT "desci_chain_events_log" UNIQUE("escrow_address","transaction_hash","log_index")
);
--> statement-breakpoint
CREATE TABLE "desci_chain_milestones" (
	"escrow_address" varchar(42) NOT NULL,
	"proposal_id" bigint NOT NULL,
	"milestone_index" integer NOT NULL,
	"amount_wei" numeric(78, 0) NOT NULL,
	"due_date" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"deliverable_hash" varchar(66),
	"deliverable_uri" text,
	"submitted_at" timestamp with time zone,
	"decided_at" timestamp with time zone,
	"decision_transaction_hash" varchar(66),
	"researcher_amount_wei" numeric(78, 0),
	"stakers_share_wei" numeric(78, 0),
	"treasury_share_wei" numeric(78, 0),
	CONSTRAINT "desci_chain_milestones_pk" PRIMARY KEY("escrow_address","proposal_id","milestone_index")
);
--> statement-breakpoint
CREATE TABLE "desci_chain_proposals" (
	"escrow_address" varchar(42) NOT NULL,
	"proposal_id" bigint NOT NULL,
	"researcher_address" varchar(42) NOT NULL,
	"goal_wei" numeric(78, 0) NOT NULL,
	"deadline" timestamp with time zone NOT NULL,
	"metadata_hash" varchar(66) NOT NULL,
	"reviewers" jsonb NOT NULL,
	"threshold" integer NOT NULL,
	"milestone_count" integer NOT NULL,
	"current_milestone" integer NOT NULL,
	"status" text NOT NULL,
	"raised_wei" numeric(78, 0) NOT NULL,
	"released_wei" numeric(78, 0) NOT NULL,
	"refunded_wei" numeric(78, 0) NOT NULL,
	"backer_count" integer NOT NULL,
	"fee_bps" integer NOT NULL,
	"staker_share_bps" integer NOT NULL,
	"grace_period_seconds" integer NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"opened_transaction_hash" varchar(66) NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "desci_chain_proposals_pk" PRIMARY KEY("escrow_address","proposal_id")
);
--> statement-breakpoint
CREATE TABLE "desci_chain_publications" (
	"registry_address" varchar(42) NOT NULL,
	"document_hash" varchar(66) NOT NULL,
	"anchorer_address" varchar(42) NOT NULL,
	"recorder_address" varchar(42),
	"title" text NOT NULL,
	"authors" text NOT NULL,
	"doi" text NOT NULL,
	"uri" text NOT NULL,
	"anchored_at" timestamp with time zone NOT NULL,
	"block_number" bigint NOT NULL,
	"transaction_hash" varchar(66) NOT NULL,
	CONSTRAINT "desci_chain_publications_pk" PRIMARY KEY("registry_address","document_hash")
);
--> statement-breakpoint
CREATE INDEX "idx_desci_chain_backings_backer" ON "desci_chain_backings" USING btree ("backer_address");--> statement-breakpoint
CREATE INDEX "idx_desci_chain_events_proposal" ON "desci_chain_events" USING btree ("escrow_address","proposal_id","block_number");--> statement-breakpoint
CREATE INDEX "idx_desci_chain_proposals_researcher" ON "desci_chain_proposals" USING btree ("researcher_address");--> statement-breakpoint
CREATE INDEX "idx_desci_chain_proposals_status" ON "desci_chain_proposals" USING btree ("status");--> statement-breakpoint
CREATE INDEX "idx_desci_chain_publications_anchorer" ON "desci_chain_publications" USING btree ("anchorer_address");