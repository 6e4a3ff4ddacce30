CREATE TABLE "gaming_chain_disputes" (
	"pool_address" varchar(42) NOT NULL,
	"tournament_id" varchar(78) NOT NULL,
	"transaction_hash" varchar(66) NOT NULL,
	"log_index" integer NOT NULL,
	"disputed_by" varchar(42) NOT NULL,
	"reason" text NOT NULL,
	"disputed_at" timestamp with time zone NOT NULL,
	"resolved_by" varchar(42),
	"outcome" text,
	"resolved_at" timestamp with time zone,
	CONSTRAINT "gaming_chain_disputes_pk" PRIMARY KEY("pool_address","transaction_hash","log_index")
);
--> statement-breakpoint
CREATE TABLE "gaming_chain_entries" (
	"pool_address" varchar(42) NOT NULL,
	"tournament_id" varchar(78) NOT NULL,
	"player_address" varchar(42) NOT NULL,
	"entry_fee_wei" numeric(78, 0) NOT NULL,
	"entered_at" timestamp with time zone NOT NULL,
	"entered_transaction_hash" varchar(66) NOT NULL,
	"rank" integer,
	"prize_wei" numeric(78, 0),
	"claimed_wei" numeric(78, 0),
	"claimed_at" timestamp with time zone,
	"claim_transaction_hash" varchar(66),
	"refunded_wei" numeric(78, 0),
	"refunded_at" timestamp with time zone,
	CONSTRAINT "gaming_chain_entries_pk" PRIMARY KEY("pool_address","tournament_id","player_address")
);
--> statement-breakpoint
CREATE TABLE "gaming_chain_results" (
	"pool_address" varchar(42) NOT NULL,
	"tournament_id" varchar(78) NOT NULL,
	"transaction_hash" varchar(66) NOT NULL,
	"log_index" integer NOT NULL,
	"posted_by" varchar(42) NOT NULL,
	"ranking" jsonb NOT NULL,
	"prizes_wei" jsonb NOT NULL,
	"dispute_ends_at" timestamp with time zone NOT NULL,
	"posted_at" timestamp with time zone NOT NULL,
	CONSTRAINT "gaming_chain_results_pk" PRIMARY KEY("pool_address","transaction_hash","log_index")
);
--> statement-breakpoint
CREATE TABLE "gaming_chain_tournaments" (
	"pool_address" varchar(42) NOT NULL,
	"tournament_id" varchar(78) NOT NULL,
	"organiser_address" varchar(42) NOT NULL,
	"game_server_address" varchar(42) NOT NULL,
	"mode" varchar(66) NOT NULL,
	"metadata_hash" varchar(66) NOT NULL,
	"entry_fee_wei" numeric(78, 0) NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"min_players" integer NOT NULL,
	"max_players" integer NOT NULL,
	"dispute_window_seconds" integer NOT NULL,
	"platform_fee_bps" integer NOT NULL,
	"stakers_share_bps" integer NOT NULL,
	"prize_bps" jsonb NOT NULL,
	"status" text NOT NULL,
	"cancel_reason" text,
	"entrants" integer NOT NULL,
	"pool_wei" numeric(78, 0) NOT NULL,
	"dispute_ends_at" timestamp with time zone,
	"stakers_fee_wei" numeric(78, 0),
	"treasury_fee_wei" numeric(78, 0),
	"fees_settled_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"created_transaction_hash" varchar(66) NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "gaming_chain_tournaments_pk" PRIMARY KEY("pool_address","tournament_id")
);
--> statement-breakpoint
CREATE INDEX "idx_gaming_chain_disputes_tournament" ON "gaming_chain_disputes" USING btree ("pool_address","tournament_id");--> statement-breakpoint
CREATE INDEX "idx_gaming_chain_entries_player" ON "gaming_chain_entries" USING btree ("player_address");--> statement-breakpoint
CREATE INDEX "idx_gaming_chain_results_tournament" ON "gaming_chain_results" USING btree ("pool_address","tournament_id");--> statement-breakpoint
CREATE INDEX "idx_gaming_chain_tournaments_status" ON "gaming_chain_tournaments" USING btree ("status","ends_at");--> statement-breakpoint
CREATE INDEX "idx_gaming_chain_tournaments_organiser" ON "gaming_chain_tournaments" USING btree ("organiser_address");