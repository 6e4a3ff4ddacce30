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
	CONSTRAINT "gamed_game_pages_chain_game_id_unique" UNIQUE("chain_game_id"),
	CONSTRAINT "gamed_game_pages_slug_unique" UNIQUE("slug"),
	CONSTRAINT "gamed_pages_studio_wallet_lowercase" CHECK ("gamed_game_pages"."studio_wallet" ~ '^0x[0-9a-f]{40}$')
);
--> statement-breakpoint
ALTER TABLE "gamed_build_uploads" ADD CONSTRAINT "gamed_build_uploads_page_id_gamed_game_pages_id_fk" FOREIGN KEY ("page_id") REFERENCES "public"."gamed_game_pages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gamed_build_uploads" ADD CONSTRAINT "gamed_build_uploads_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gamed_downloads" ADD CONSTRAINT "gamed_downloads_page_id_gamed_game_pages_id_fk" FOREIGN KEY ("page_id") REFERENCES "public"."gamed_game_pages"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gamed_downloads" ADD CONSTRAINT "gamed_downloads_upload_id_gamed_build_uploads_id_fk" FOREIGN KEY ("upload_id") REFERENCES "public"."gamed_build_uploads"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gamed_downloads" ADD CONSTRAINT "gamed_downloads_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gamed_game_pages" ADD CONSTRAINT "gamed_game_pages_studio_user_id_users_id_fk" FOREIGN KEY ("studio_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "idx_gamed_uploads_page" ON "gamed_build_uploads" USING btree ("page_id","platform");--> statement-breakpoint
CREATE INDEX "idx_gamed_uploads_sha" ON "gamed_build_uploads" USING btree ("sha256");--> statement-breakpoint
CREATE INDEX "idx_gamed_downloads_page" ON "gamed_downloads" USING btree ("page_id","created_at");--> statement-breakpoint
CREATE INDEX "idx_gamed_downloads_wallet" ON "gamed_downloads" USING btree ("wallet");--> statement-breakpoint
CREATE INDEX "idx_gamed_pages_studio" ON "gamed_game_pages" USING btree ("studio_wallet");--> statement-breakpoint
CREATE INDEX "idx_gamed_pages_created" ON "gamed_game_pages" USING btree ("created_at");