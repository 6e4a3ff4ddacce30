ALTER TABLE "chain_cursors" ADD COLUMN "deploy_block_hash" text;--> statement-breakpoint
ALTER TABLE "chain_cursors" ADD COLUMN "idempotency_scope" text;