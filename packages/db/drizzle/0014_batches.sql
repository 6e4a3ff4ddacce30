CREATE TABLE "batches" (
	"id" varchar(64) PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"api_key_id" uuid,
	"endpoint" text NOT NULL,
	"input_file_id" varchar(64) NOT NULL,
	"completion_window" text NOT NULL,
	"status" text DEFAULT 'validating' NOT NULL,
	"metadata" jsonb,
	"discount_bps" integer NOT NULL,
	"output_file_id" varchar(64),
	"error_file_id" varchar(64),
	"errors" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"in_progress_at" timestamp with time zone,
	"finalizing_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"failed_at" timestamp with time zone,
	"expired_at" timestamp with time zone,
	"cancelling_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "batch_files" (
	"id" varchar(64) PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"purpose" text NOT NULL,
	"filename" varchar(255) NOT NULL,
	"bytes" integer NOT NULL,
	"line_count" integer NOT NULL,
	"content" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "batch_requests" (
	"batch_id" varchar(64) NOT NULL,
	"custom_id" text NOT NULL,
	"line" integer NOT NULL,
	"body" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"claimed_by" text,
	"claimed_until" timestamp with time zone,
	"task_id" uuid,
	"response" jsonb,
	"error" jsonb,
	"completed_at" timestamp with time zone,
	CONSTRAINT "batch_requests_batch_id_custom_id_pk" PRIMARY KEY("batch_id","custom_id")
);
--> statement-breakpoint
ALTER TABLE "batches" ADD CONSTRAINT "batches_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "batches" ADD CONSTRAINT "batches_api_key_id_api_keys_id_fk" FOREIGN KEY ("api_key_id") REFERENCES "public"."api_keys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "batch_files" ADD CONSTRAINT "batch_files_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "batch_requests" ADD CONSTRAINT "batch_requests_batch_id_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."batches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "idx_batches_user_created" ON "batches" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "idx_batches_status" ON "batches" USING btree ("status");--> statement-breakpoint
CREATE INDEX "idx_batch_files_user_created" ON "batch_files" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "idx_batch_requests_batch_status" ON "batch_requests" USING btree ("batch_id","status");--> statement-breakpoint
CREATE INDEX "idx_batch_requests_claimable" ON "batch_requests" USING btree ("status","claimed_until");