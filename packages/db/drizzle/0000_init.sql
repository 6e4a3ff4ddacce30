CREATE TABLE "api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"key_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_keys_key_hash_unique" UNIQUE("key_hash")
);
--> statement-breakpoint
CREATE TABLE "auth_nonces" (
	"nonce" text PRIMARY KEY NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "chain_cursors" (
	"name" text PRIMARY KEY NOT NULL,
	"block_number" bigint NOT NULL,
	"block_hash" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inference_logs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"task_id" uuid NOT NULL,
	"user_id" uuid,
	"node_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"doc" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "network_metrics" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"ts" timestamp with time zone DEFAULT now() NOT NULL,
	"doc" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "user_activity" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"date" date NOT NULL,
	"doc" jsonb NOT NULL,
	CONSTRAINT "user_activity_user_date" UNIQUE("user_id","date")
);
--> statement-breakpoint
CREATE TABLE "gpu_nodes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"node_id" varchar(100) NOT NULL,
	"owner_address" varchar(42) NOT NULL,
	"gpu_model" varchar(100),
	"vram_gb" integer,
	"cuda_cores" integer,
	"bandwidth_mbps" numeric(10, 2),
	"location_country" varchar(2),
	"location_region" varchar(100),
	"status" text DEFAULT 'offline' NOT NULL,
	"reliability_score" numeric(5, 2) DEFAULT 80 NOT NULL,
	"tasks_completed" integer DEFAULT 0 NOT NULL,
	"total_earned_wei" numeric(78, 0) DEFAULT 0 NOT NULL,
	"uptime_percentage" numeric(5, 2) DEFAULT 0 NOT NULL,
	"models" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"engine" text,
	"max_concurrency" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "gpu_nodes_node_id_unique" UNIQUE("node_id")
);
--> statement-breakpoint
CREATE TABLE "inference_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"task_id" varchar(100) NOT NULL,
	"user_id" uuid NOT NULL,
	"node_id" uuid,
	"model_name" varchar(100) NOT NULL,
	"prompt" text,
	"max_tokens" integer,
	"temperature" numeric(3, 2),
	"status" text DEFAULT 'pending' NOT NULL,
	"tokens_generated" integer,
	"prompt_tokens" integer,
	"completion_tokens" integer,
	"cost_far_wei" numeric(78, 0),
	"cost_usd" numeric(18, 8),
	"reservation_id" uuid,
	"node_share_wei" numeric(78, 0),
	"stakers_share_wei" numeric(78, 0),
	"treasury_share_wei" numeric(78, 0),
	"failure_reason" text,
	"api_key_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"response_time_ms" integer,
	CONSTRAINT "inference_tasks_task_id_unique" UNIQUE("task_id")
);
--> statement-breakpoint
CREATE TABLE "ledger_accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"user_id" uuid,
	"node_id" uuid,
	"balance_wei" numeric(78, 0) DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_accounts_owner_unique" UNIQUE NULLS NOT DISTINCT("kind","user_id","node_id"),
	CONSTRAINT "ledger_accounts_non_negative" CHECK ("ledger_accounts"."kind" = 'chain_deposits' OR "ledger_accounts"."balance_wei" >= 0)
);
--> statement-breakpoint
CREATE TABLE "ledger_entries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"transaction_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"amount_wei" numeric(78, 0) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_entries_non_zero" CHECK ("ledger_entries"."amount_wei" <> 0)
);
--> statement-breakpoint
CREATE TABLE "ledger_reservations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"amount_wei" numeric(78, 0) NOT NULL,
	"remaining_wei" numeric(78, 0) NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_reservations_remaining_in_range" CHECK ("ledger_reservations"."remaining_wei" >= 0 AND "ledger_reservations"."remaining_wei" <= "ledger_reservations"."amount_wei")
);
--> statement-breakpoint
CREATE TABLE "ledger_transactions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"idempotency_key" text NOT NULL,
	"kind" text NOT NULL,
	"fingerprint" text NOT NULL,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"settlement_batch_id" uuid,
	CONSTRAINT "ledger_transactions_idempotency_key_unique" UNIQUE("idempotency_key")
);
--> statement-breakpoint
CREATE TABLE "refresh_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"family_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "refresh_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "revenue_streams" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"stream_type" text NOT NULL,
	"user_id" uuid NOT NULL,
	"amount_far_wei" numeric(78, 0),
	"amount_usd" numeric(18, 8),
	"transaction_hash" varchar(66),
	"task_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "settlement_batches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"batch_number" bigint NOT NULL,
	"period_start" timestamp with time zone NOT NULL,
	"period_end" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"tx_hash" text,
	"total_wei" numeric(78, 0) DEFAULT 0 NOT NULL,
	"items" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "settlement_batches_batch_number_unique" UNIQUE("batch_number")
);
--> statement-breakpoint
CREATE TABLE "staking_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"amount_wei" numeric(78, 0) NOT NULL,
	"lock_period_days" integer NOT NULL,
	"lock_tier" integer,
	"apy_at_stake" numeric(5, 2),
	"status" text DEFAULT 'active' NOT NULL,
	"staked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"unlock_at" timestamp with time zone,
	"withdrawn_at" timestamp with time zone,
	"rewards_earned_wei" numeric(78, 0) DEFAULT 0 NOT NULL,
	"tx_hash" text
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"wallet_address" varchar(42) NOT NULL,
	"email" varchar(255),
	"username" varchar(50),
	"kyc_status" text DEFAULT 'pending' NOT NULL,
	"tier" text DEFAULT 'basic' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_wallet_address_unique" UNIQUE("wallet_address"),
	CONSTRAINT "users_username_unique" UNIQUE("username"),
	CONSTRAINT "users_wallet_address_lowercase" CHECK ("users"."wallet_address" ~ '^0x[0-9a-f]{40}$')
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_activity" ADD CONSTRAINT "user_activity_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gpu_nodes" ADD CONSTRAINT "gpu_nodes_owner_address_users_wallet_address_fk" FOREIGN KEY ("owner_address") REFERENCES "public"."users"("wallet_address") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inference_tasks" ADD CONSTRAINT "inference_tasks_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inference_tasks" ADD CONSTRAINT "inference_tasks_node_id_gpu_nodes_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."gpu_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inference_tasks" ADD CONSTRAINT "inference_tasks_reservation_id_ledger_transactions_id_fk" FOREIGN KEY ("reservation_id") REFERENCES "public"."ledger_transactions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inference_tasks" ADD CONSTRAINT "inference_tasks_api_key_id_api_keys_id_fk" FOREIGN KEY ("api_key_id") REFERENCES "public"."api_keys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_accounts" ADD CONSTRAINT "ledger_accounts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_accounts" ADD CONSTRAINT "ledger_accounts_node_id_gpu_nodes_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."gpu_nodes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_transaction_id_ledger_transactions_id_fk" FOREIGN KEY ("transaction_id") REFERENCES "public"."ledger_transactions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_account_id_ledger_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."ledger_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_reservations" ADD CONSTRAINT "ledger_reservations_id_ledger_transactions_id_fk" FOREIGN KEY ("id") REFERENCES "public"."ledger_transactions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_reservations" ADD CONSTRAINT "ledger_reservations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_transactions" ADD CONSTRAINT "ledger_transactions_settlement_batch_id_settlement_batches_id_fk" FOREIGN KEY ("settlement_batch_id") REFERENCES "public"."settlement_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refresh_tokens" ADD CONSTRAINT "refresh_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "revenue_streams" ADD CONSTRAINT "revenue_streams_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "revenue_streams" ADD CONSTRAINT "revenue_streams_task_id_inference_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."inference_tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staking_records" ADD CONSTRAINT "staking_records_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "idx_api_keys_user" ON "api_keys" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "idx_inference_logs_task" ON "inference_logs" USING btree ("task_id");--> statement-breakpoint
CREATE INDEX "idx_inference_logs_created_at" ON "inference_logs" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "idx_network_metrics_ts" ON "network_metrics" USING btree ("ts");--> statement-breakpoint
CREATE INDEX "idx_gpu_nodes_status" ON "gpu_nodes" USING btree ("status");--> statement-breakpoint
CREATE INDEX "idx_gpu_nodes_owner" ON "gpu_nodes" USING btree ("owner_address");--> statement-breakpoint
CREATE INDEX "idx_tasks_user" ON "inference_tasks" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "idx_tasks_status" ON "inference_tasks" USING btree ("status");--> statement-breakpoint
CREATE INDEX "idx_tasks_node" ON "inference_tasks" USING btree ("node_id");--> statement-breakpoint
CREATE INDEX "idx_tasks_created_at" ON "inference_tasks" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "idx_ledger_entries_account" ON "ledger_entries" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "idx_ledger_entries_transaction" ON "ledger_entries" USING btree ("transaction_id");--> statement-breakpoint
CREATE INDEX "idx_ledger_reservations_user" ON "ledger_reservations" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "idx_ledger_transactions_settlement_batch" ON "ledger_transactions" USING btree ("settlement_batch_id");--> statement-breakpoint
CREATE INDEX "idx_refresh_tokens_family" ON "refresh_tokens" USING btree ("family_id");--> statement-breakpoint
CREATE INDEX "idx_refresh_tokens_user" ON "refresh_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "idx_revenue_user" ON "revenue_streams" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "idx_revenue_type" ON "revenue_streams" USING btree ("stream_type");--> statement-breakpoint
CREATE INDEX "idx_revenue_task" ON "revenue_streams" USING btree ("task_id");--> statement-breakpoint
CREATE INDEX "idx_staking_user" ON "staking_records" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "idx_staking_status" ON "staking_records" USING btree ("status");