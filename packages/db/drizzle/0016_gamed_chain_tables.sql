CREATE TABLE "gamed_chain_builds" (
	"contract_address" varchar(42) NOT NULL,
	"game_id" varchar(78) NOT NULL,
	"platform" text NOT NULL,
	"version" integer NOT NULL,
	"sha256" varchar(64) NOT NULL,
	"size_bytes" bigint NOT NULL,
	"uri" text NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"transaction_hash" varchar(66) NOT NULL,
	CONSTRAINT "gamed_chain_builds_pk" PRIMARY KEY("contract_address","game_id","platform","version")
);
--> statement-breakpoint
CREATE TABLE "gamed_chain_games" (
	"contract_address" varchar(42) NOT NULL,
	"game_id" varchar(78) NOT NULL,
	"studio_address" varchar(42) NOT NULL,
	"price_wei" numeric(78, 0) NOT NULL,
	"royalty_bps" integer NOT NULL,
	"soulbound" boolean NOT NULL,
	"metadata_uri" text NOT NULL,
	"registered_at" timestamp with time zone NOT NULL,
	"registered_transaction_hash" varchar(66) NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "gamed_chain_games_pk" PRIMARY KEY("contract_address","game_id")
);
--> statement-breakpoint
CREATE TABLE "gamed_chain_licences" (
	"contract_address" varchar(42) NOT NULL,
	"game_id" varchar(78) NOT NULL,
	"holder_address" varchar(42) NOT NULL,
	"acquired_at" timestamp with time zone NOT NULL,
	"acquired_transaction_hash" varchar(66) NOT NULL,
	CONSTRAINT "gamed_chain_licences_pk" PRIMARY KEY("contract_address","game_id","holder_address")
);
--> statement-breakpoint
CREATE TABLE "gamed_chain_listings" (
	"contract_address" varchar(42) NOT NULL,
	"listing_id" varchar(78) NOT NULL,
	"game_id" varchar(78) NOT NULL,
	"seller_address" varchar(42) NOT NULL,
	"price_wei" numeric(78, 0) NOT NULL,
	"status" text NOT NULL,
	"listed_at" timestamp with time zone NOT NULL,
	"listed_transaction_hash" varchar(66) NOT NULL,
	"closed_at" timestamp with time zone,
	"buyer_address" varchar(42),
	"royalty_wei" numeric(78, 0),
	"stakers_share_wei" numeric(78, 0),
	"treasury_share_wei" numeric(78, 0),
	"seller_proceeds_wei" numeric(78, 0),
	"sold_transaction_hash" varchar(66),
	CONSTRAINT "gamed_chain_listings_pk" PRIMARY KEY("contract_address","listing_id")
);
--> statement-breakpoint
CREATE TABLE "gamed_chain_purchases" (
	"contract_address" varchar(42) NOT NULL,
	"purchase_id" varchar(78) NOT NULL,
	"game_id" varchar(78) NOT NULL,
	"buyer_address" varchar(42) NOT NULL,
	"price_wei" numeric(78, 0) NOT NULL,
	"refundable_until" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"purchased_at" timestamp with time zone NOT NULL,
	"purchase_transaction_hash" varchar(66) NOT NULL,
	"refunded_at" timestamp with time zone,
	"settled_at" timestamp with time zone,
	"studio_share_wei" numeric(78, 0),
	"stakers_share_wei" numeric(78, 0),
	"treasury_share_wei" numeric(78, 0),
	CONSTRAINT "gamed_chain_purchases_pk" PRIMARY KEY("contract_address","purchase_id")
);
--> statement-breakpoint
CREATE TABLE "gamed_chain_withdrawals" (
	"contract_address" varchar(42) NOT NULL,
	"transaction_hash" varchar(66) NOT NULL,
	"log_index" integer NOT NULL,
	"studio_address" varchar(42) NOT NULL,
	"amount_wei" numeric(78, 0) NOT NULL,
	"withdrawn_at" timestamp with time zone NOT NULL,
	CONSTRAINT "gamed_chain_withdrawals_pk" PRIMARY KEY("contract_address","transaction_hash","log_index")
);
--> statement-breakpoint
CREATE INDEX "idx_gamed_chain_games_studio" ON "gamed_chain_games" USING btree ("studio_address");--> statement-breakpoint
CREATE INDEX "idx_gamed_chain_licences_holder" ON "gamed_chain_licences" USING btree ("holder_address");--> statement-breakpoint
CREATE INDEX "idx_gamed_chain_listings_game" ON "gamed_chain_listings" USING btree ("contract_address","game_id","status");--> statement-breakpoint
CREATE INDEX "idx_gamed_chain_listings_seller" ON "gamed_chain_listings" USING btree ("seller_address");--> statement-breakpoint
CREATE INDEX "idx_gamed_chain_purchases_game" ON "gamed_chain_purchases" USING btree ("contract_address","game_id");--> statement-breakpoint
CREATE INDEX "idx_gamed_chain_purchases_buyer" ON "gamed_chain_purchases" USING btree ("buyer_address");--> statement-breakpoint
CREATE INDEX "idx_gamed_chain_purchases_due" ON "gamed_chain_purchases" USING btree ("status","refundable_until");--> statement-breakpoint
CREATE INDEX "idx_gamed_chain_withdrawals_studio" ON "gamed_chain_withdrawals" USING btree ("studio_address");