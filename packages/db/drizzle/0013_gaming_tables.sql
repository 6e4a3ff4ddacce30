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
ALTER TABLE "gaming_profiles" ADD CONSTRAINT "gaming_profiles_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gaming_runs" ADD CONSTRAINT "gaming_runs_seed_id_gaming_seeds_id_fk" FOREIGN KEY ("seed_id") REFERENCES "public"."gaming_seeds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gaming_runs" ADD CONSTRAINT "gaming_runs_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gaming_seeds" ADD CONSTRAINT "gaming_seeds_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "idx_gaming_runs_tournament_score" ON "gaming_runs" USING btree ("tournament_id","score");--> statement-breakpoint
CREATE INDEX "idx_gaming_runs_season_score" ON "gaming_runs" USING btree ("season","mode","score");--> statement-breakpoint
CREATE INDEX "idx_gaming_runs_user_submitted" ON "gaming_runs" USING btree ("user_id","submitted_at");--> statement-breakpoint
CREATE UNIQUE INDEX "gaming_seeds_one_open_per_slot" ON "gaming_seeds" USING btree ("user_id",coalesce("tournament_id", 'practice')) WHERE "gaming_seeds"."closed_at" is null;--> statement-breakpoint
CREATE INDEX "idx_gaming_seeds_user_issued" ON "gaming_seeds" USING btree ("user_id","issued_at");