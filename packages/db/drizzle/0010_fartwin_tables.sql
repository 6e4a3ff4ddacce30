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
CREATE INDEX "idx_fartwin_twins_gallery" ON "fartwin_twins" USING btree ("visibility","chat_count");