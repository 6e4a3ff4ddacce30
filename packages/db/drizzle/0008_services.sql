CREATE TABLE "desci_comments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"escrow_address" varchar(42) NOT NULL,
	"proposal_id" bigint NOT NULL,
	"author_user_id" uuid NOT NULL,
	"author_address" varchar(42) NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "desci_proposal_pages" (
	"proposal_id" bigint NOT NULL,
	"escrow_address" varchar(42) NOT NULL,
	"researcher_user_id" uuid NOT NULL,
	"researcher_address" varchar(42) NOT NULL,
	"metadata_hash" varchar(66) NOT NULL,
	"metadata_json" text NOT NULL,
	"title" text NOT NULL,
	"abstract" text NOT NULL,
	"field" text NOT NULL,
	"team" jsonb NOT NULL,
	"budget_narrative" text NOT NULL,
	"milestones" jsonb NOT NULL,
	"reviewers" jsonb NOT NULL,
	"threshold" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "desci_proposal_pages_pk" PRIMARY KEY("escrow_address","proposal_id")
);
--> statement-breakpoint
CREATE TABLE "desci_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"escrow_address" varchar(42) NOT NULL,
	"proposal_id" bigint NOT NULL,
	"milestone_index" integer NOT NULL,
	"reviewer_user_id" uuid NOT NULL,
	"reviewer_address" varchar(42) NOT NULL,
	"decision" text NOT NULL,
	"body" text NOT NULL,
	"deliverable_hash" varchar(66) NOT NULL,
	"signature" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "desci_reviews_one_per_reviewer_and_deliverable" UNIQUE("escrow_address","proposal_id","milestone_index","deliverable_hash","reviewer_address")
);
--> statement-breakpoint
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
CREATE TABLE "fartwin_charges" (
	"task_id" uuid PRIMARY KEY NOT NULL,
	"twin_id" uuid,
	"handle" varchar(40) NOT NULL,
	"payer_user_id" uuid NOT NULL,
	"creator_user_id" uuid NOT NULL,
	"tokens" integer NOT NULL,
	"fee_wei_per_million" numeric(78, 0) NOT NULL,
	"fee_far_wei" numeric(78, 0) NOT NULL,
	"creator_share_wei" numeric(78, 0) NOT NULL,
	"stakers_share_wei" numeric(78, 0) NOT NULL,
	"treasury_share_wei" numeric(78, 0) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fartwin_chunks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"document_id" uuid NOT NULL,
	"twin_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"heading" text DEFAULT '' NOT NULL,
	"content" text NOT NULL,
	"search_vector" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, heading), 'A') || setweight(to_tsvector('english'::regconfig, content), 'B')) STORED
);
--> statement-breakpoint
CREATE TABLE "fartwin_conversations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"twin_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"title" varchar(200) DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fartwin_documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"twin_id" uuid NOT NULL,
	"title" varchar(200) NOT NULL,
	"media_type" varchar(100) NOT NULL,
	"bytes" integer NOT NULL,
	"status" text DEFAULT 'indexing' NOT NULL,
	"chunk_count" integer DEFAULT 0 NOT NULL,
	"failure_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fartwin_memories" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"twin_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"content" text NOT NULL,
	"source" text DEFAULT 'user' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fartwin_memory_settings" (
	"twin_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"allow_twin_memories" boolean DEFAULT false NOT NULL,
	CONSTRAINT "fartwin_memory_settings_twin_id_user_id_pk" PRIMARY KEY("twin_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "fartwin_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"conversation_id" uuid NOT NULL,
	"role" text NOT NULL,
	"content" text NOT NULL,
	"citations" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"task_id" uuid,
	"cost_far_wei" numeric(78, 0),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fartwin_twins" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_user_id" uuid NOT NULL,
	"handle" varchar(40) NOT NULL,
	"name" varchar(80) NOT NULL,
	"avatar" text,
	"persona" text NOT NULL,
	"greeting" text DEFAULT '' NOT NULL,
	"base_model" varchar(100) NOT NULL,
	"visibility" text DEFAULT 'private' NOT NULL,
	"category" varchar(40) DEFAULT 'general' NOT NULL,
	"creator_fee_wei_per_million" numeric(78, 0) DEFAULT 0 NOT NULL,
	"chat_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fartwin_twins_handle_unique" UNIQUE("handle"),
	CONSTRAINT "fartwin_twins_handle_slug" CHECK ("fartwin_twins"."handle" ~ '^[a-z0-9](-?[a-z0-9])*$'),
	CONSTRAINT "fartwin_twins_private_free" CHECK ("fartwin_twins"."visibility" <> 'private' OR "fartwin_twins"."creator_fee_wei_per_million" = 0)
);
--> statement-breakpoint
CREATE TABLE "gamed_build_uploads" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"page_id" uuid NOT NULL,
	"platform" text NOT NULL,
	"file_name" varchar(200) NOT NULL,
	"size_bytes" bigint NOT NULL,
	"part_size_bytes" integer NOT NULL,
	"next_part" integer DEFAULT 1 NOT NULL,
	"received_bytes" bigint DEFAULT 0 NOT NULL,
	"hash_state" jsonb NOT NULL,
	"sha256" varchar(64),
	"storage_key" text NOT NULL,
	"status" text DEFAULT 'uploading' NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "gamed_downloads" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"page_id" uuid NOT NULL,
	"upload_id" uuid NOT NULL,
	"user_id" uuid,
	"wallet" varchar(42) NOT NULL,
	"platform" text NOT NULL,
	"sha256" varchar(64) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gamed_game_pages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"chain_game_id" varchar(78),
	"licenses_address" varchar(42) NOT NULL,
	"studio_wallet" varchar(42) NOT NULL,
	"studio_user_id" uuid NOT NULL,
	"studio_name" varchar(80) NOT NULL,
	"studio_website" text,
	"slug" varchar(80) NOT NULL,
	"title" varchar(120) NOT NULL,
	"tagline" varchar(200) DEFAULT '' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"genres" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"cover_url" text,
	"screenshot_urls" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "gamed_pages_studio_wallet_lowercase" CHECK ("gamed_game_pages"."studio_wallet" ~ '^0x[0-9a-f]{40}$')
);
--> statement-breakpoint
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
CREATE TABLE "gaming_profiles" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"display_name" varchar(32) NOT NULL,
	"avatar" varchar(32) NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gaming_result_submissions" (
	"tournament_id" varchar(78) PRIMARY KEY NOT NULL,
	"ranking" jsonb NOT NULL,
	"status" text NOT NULL,
	"tx_hash" varchar(66),
	"error" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gaming_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seed_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"wallet_address" varchar(42) NOT NULL,
	"mode" varchar(20) NOT NULL,
	"tournament_id" varchar(78),
	"season" varchar(7) NOT NULL,
	"claimed_score" integer NOT NULL,
	"status" text NOT NULL,
	"score" integer,
	"ticks" integer,
	"reject_reason" varchar(40),
	"input_log" text NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "gaming_runs_seed_id_unique" UNIQUE("seed_id"),
	CONSTRAINT "gaming_runs_wallet_lowercase" CHECK ("gaming_runs"."wallet_address" ~ '^0x[0-9a-f]{40}$'),
	CONSTRAINT "gaming_runs_verified_has_score" CHECK ("gaming_runs"."status" <> 'verified' or "gaming_runs"."score" is not null)
);
--> statement-breakpoint
CREATE TABLE "gaming_seeds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seed" varchar(66) NOT NULL,
	"user_id" uuid NOT NULL,
	"mode" varchar(20) NOT NULL,
	"tournament_id" varchar(78),
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	"closed_as" text,
	CONSTRAINT "gaming_seeds_seed_unique" UNIQUE("seed"),
	CONSTRAINT "gaming_seeds_seed_hex" CHECK ("gaming_seeds"."seed" ~ '^0x[0-9a-f]{64}$')
);
--> statement-breakpoint
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
ALTER TABLE "desci_comments" ADD CONSTRAINT "desci_comments_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "desci_proposal_pages" ADD CONSTRAINT "desci_proposal_pages_researcher_user_id_users_id_fk" FOREIGN KEY ("researcher_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "desci_reviews" ADD CONSTRAINT "desci_reviews_reviewer_user_id_users_id_fk" FOREIGN KEY ("reviewer_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fartwin_charges" ADD CONSTRAINT "fartwin_charges_task_id_inference_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."inference_tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fartwin_charges" ADD CONSTRAINT "fartwin_charges_twin_id_fartwin_twins_id_fk" FOREIGN KEY ("twin_id") REFERENCES "public"."fartwin_twins"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fartwin_charges" ADD CONSTRAINT "fartwin_charges_payer_user_id_users_id_fk" FOREIGN KEY ("payer_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fartwin_charges" ADD CONSTRAINT "fartwin_charges_creator_user_id_users_id_fk" FOREIGN KEY ("creator_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fartwin_chunks" ADD CONSTRAINT "fartwin_chunks_document_id_fartwin_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."fartwin_documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fartwin_chunks" ADD CONSTRAINT "fartwin_chunks_twin_id_fartwin_twins_id_fk" FOREIGN KEY ("twin_id") REFERENCES "public"."fartwin_twins"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fartwin_conversations" ADD CONSTRAINT "fartwin_conversations_twin_id_fartwin_twins_id_fk" FOREIGN KEY ("twin_id") REFERENCES "public"."fartwin_twins"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fartwin_conversations" ADD CONSTRAINT "fartwin_conversations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fartwin_documents" ADD CONSTRAINT "fartwin_documents_twin_id_fartwin_twins_id_fk" FOREIGN KEY ("twin_id") REFERENCES "public"."fartwin_twins"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fartwin_memories" ADD CONSTRAINT "fartwin_memories_twin_id_fartwin_twins_id_fk" FOREIGN KEY ("twin_id") REFERENCES "public"."fartwin_twins"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fartwin_memories" ADD CONSTRAINT "fartwin_memories_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fartwin_memory_settings" ADD CONSTRAINT "fartwin_memory_settings_twin_id_fartwin_twins_id_fk" FOREIGN KEY ("twin_id") REFERENCES "public"."fartwin_twins"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fartwin_memory_settings" ADD CONSTRAINT "fartwin_memory_settings_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fartwin_messages" ADD CONSTRAINT "fartwin_messages_conversation_id_fartwin_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."fartwin_conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fartwin_messages" ADD CONSTRAINT "fartwin_messages_task_id_inference_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."inference_tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fartwin_twins" ADD CONSTRAINT "fartwin_twins_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gamed_build_uploads" ADD CONSTRAINT "gamed_build_uploads_page_id_gamed_game_pages_id_fk" FOREIGN KEY ("page_id") REFERENCES "public"."gamed_game_pages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gamed_build_uploads" ADD CONSTRAINT "gamed_build_uploads_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gamed_downloads" ADD CONSTRAINT "gamed_downloads_page_id_gamed_game_pages_id_fk" FOREIGN KEY ("page_id") REFERENCES "public"."gamed_game_pages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gamed_downloads" ADD CONSTRAINT "gamed_downloads_upload_id_gamed_build_uploads_id_fk" FOREIGN KEY ("upload_id") REFERENCES "public"."gamed_build_uploads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gamed_downloads" ADD CONSTRAINT "gamed_downloads_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gamed_game_pages" ADD CONSTRAINT "gamed_game_pages_studio_user_id_users_id_fk" FOREIGN KEY ("studio_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gaming_profiles" ADD CONSTRAINT "gaming_profiles_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gaming_runs" ADD CONSTRAINT "gaming_runs_seed_id_gaming_seeds_id_fk" FOREIGN KEY ("seed_id") REFERENCES "public"."gaming_seeds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gaming_runs" ADD CONSTRAINT "gaming_runs_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gaming_seeds" ADD CONSTRAINT "gaming_seeds_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "idx_desci_comments_proposal" ON "desci_comments" USING btree ("escrow_address","proposal_id","created_at");--> statement-breakpoint
CREATE INDEX "idx_desci_proposal_pages_field" ON "desci_proposal_pages" USING btree ("field");--> statement-breakpoint
CREATE INDEX "idx_desci_proposal_pages_researcher" ON "desci_proposal_pages" USING btree ("researcher_address");--> statement-breakpoint
CREATE INDEX "idx_desci_reviews_reviewer" ON "desci_reviews" USING btree ("reviewer_address");--> statement-breakpoint
CREATE INDEX "idx_desci_chain_backings_backer" ON "desci_chain_backings" USING btree ("backer_address");--> statement-breakpoint
CREATE INDEX "idx_desci_chain_events_proposal" ON "desci_chain_events" USING btree ("escrow_address","proposal_id","block_number");--> statement-breakpoint
CREATE INDEX "idx_desci_chain_proposals_researcher" ON "desci_chain_proposals" USING btree ("researcher_address");--> statement-breakpoint
CREATE INDEX "idx_desci_chain_proposals_status" ON "desci_chain_proposals" USING btree ("status");--> statement-breakpoint
CREATE INDEX "idx_desci_chain_publications_anchorer" ON "desci_chain_publications" USING btree ("anchorer_address");--> statement-breakpoint
CREATE INDEX "idx_fartwin_charges_twin" ON "fartwin_charges" USING btree ("twin_id");--> statement-breakpoint
CREATE INDEX "idx_fartwin_charges_creator" ON "fartwin_charges" USING btree ("creator_user_id");--> statement-breakpoint
CREATE INDEX "idx_fartwin_charges_created_at" ON "fartwin_charges" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "idx_fartwin_chunks_twin" ON "fartwin_chunks" USING btree ("twin_id");--> statement-breakpoint
CREATE INDEX "idx_fartwin_chunks_document" ON "fartwin_chunks" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "idx_fartwin_chunks_search" ON "fartwin_chunks" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "idx_fartwin_conversations_user_twin" ON "fartwin_conversations" USING btree ("user_id","twin_id");--> statement-breakpoint
CREATE INDEX "idx_fartwin_documents_twin" ON "fartwin_documents" USING btree ("twin_id");--> statement-breakpoint
CREATE INDEX "idx_fartwin_memories_user_twin" ON "fartwin_memories" USING btree ("user_id","twin_id");--> statement-breakpoint
CREATE INDEX "idx_fartwin_messages_conversation" ON "fartwin_messages" USING btree ("conversation_id","created_at");--> statement-breakpoint
CREATE INDEX "idx_fartwin_twins_owner" ON "fartwin_twins" USING btree ("owner_user_id");--> statement-breakpoint
CREATE INDEX "idx_fartwin_twins_gallery" ON "fartwin_twins" USING btree ("visibility","chat_count");--> statement-breakpoint
CREATE INDEX "idx_gamed_uploads_page" ON "gamed_build_uploads" USING btree ("page_id","platform");--> statement-breakpoint
CREATE INDEX "idx_gamed_uploads_sha" ON "gamed_build_uploads" USING btree ("sha256");--> statement-breakpoint
CREATE INDEX "idx_gamed_downloads_page" ON "gamed_downloads" USING btree ("page_id","created_at");--> statement-breakpoint
CREATE INDEX "idx_gamed_downloads_wallet" ON "gamed_downloads" USING btree ("wallet");--> statement-breakpoint
CREATE UNIQUE INDEX "uq_gamed_pages_game" ON "gamed_game_pages" USING btree ("licenses_address","chain_game_id");--> statement-breakpoint
CREATE UNIQUE INDEX "uq_gamed_pages_slug" ON "gamed_game_pages" USING btree ("licenses_address","slug");--> statement-breakpoint
CREATE INDEX "idx_gamed_pages_studio" ON "gamed_game_pages" USING btree ("studio_wallet");--> statement-breakpoint
CREATE INDEX "idx_gamed_pages_created" ON "gamed_game_pages" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "idx_gamed_chain_games_studio" ON "gamed_chain_games" USING btree ("studio_address");--> statement-breakpoint
CREATE INDEX "idx_gamed_chain_licences_holder" ON "gamed_chain_licences" USING btree ("holder_address");--> statement-breakpoint
CREATE INDEX "idx_gamed_chain_listings_game" ON "gamed_chain_listings" USING btree ("contract_address","game_id","status");--> statement-breakpoint
CREATE INDEX "idx_gamed_chain_listings_seller" ON "gamed_chain_listings" USING btree ("seller_address");--> statement-breakpoint
CREATE INDEX "idx_gamed_chain_purchases_game" ON "gamed_chain_purchases" USING btree ("contract_address","game_id");--> statement-breakpoint
CREATE INDEX "idx_gamed_chain_purchases_buyer" ON "gamed_chain_purchases" USING btree ("buyer_address");--> statement-breakpoint
CREATE INDEX "idx_gamed_chain_purchases_due" ON "gamed_chain_purchases" USING btree ("status","refundable_until");--> statement-breakpoint
CREATE INDEX "idx_gamed_chain_withdrawals_studio" ON "gamed_chain_withdrawals" USING btree ("studio_address");--> statement-breakpoint
CREATE INDEX "idx_gaming_runs_tournament_score" ON "gaming_runs" USING btree ("tournament_id","score");--> statement-breakpoint
CREATE INDEX "idx_gaming_runs_season_score" ON "gaming_runs" USING btree ("season","mode","score");--> statement-breakpoint
CREATE INDEX "idx_gaming_runs_user_submitted" ON "gaming_runs" USING btree ("user_id","submitted_at");--> statement-breakpoint
CREATE UNIQUE INDEX "gaming_seeds_one_open_per_slot" ON "gaming_seeds" USING btree ("user_id",coalesce("tournament_id", 'practice')) WHERE "gaming_seeds"."closed_at" is null;--> statement-breakpoint
CREATE INDEX "idx_gaming_seeds_user_issued" ON "gaming_seeds" USING btree ("user_id","issued_at");--> statement-breakpoint
CREATE INDEX "idx_gaming_chain_disputes_tournament" ON "gaming_chain_disputes" USING btree ("pool_address","tournament_id");--> statement-breakpoint
CREATE INDEX "idx_gaming_chain_entries_player" ON "gaming_chain_entries" USING btree ("player_address");--> statement-breakpoint
CREATE INDEX "idx_gaming_chain_results_tournament" ON "gaming_chain_results" USING btree ("pool_address","tournament_id");--> statement-breakpoint
CREATE INDEX "idx_gaming_chain_tournaments_status" ON "gaming_chain_tournaments" USING btree ("status","ends_at");--> statement-breakpoint
CREATE INDEX "idx_gaming_chain_tournaments_organiser" ON "gaming_chain_tournaments" USING btree ("organiser_address");