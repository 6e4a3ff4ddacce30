ALTER TABLE "batch_files" ADD COLUMN "expires_at" timestamp with time zone NOT NULL;--> statement-breakpoint
CREATE INDEX "idx_batch_files_expires" ON "batch_files" USING btree ("expires_at");