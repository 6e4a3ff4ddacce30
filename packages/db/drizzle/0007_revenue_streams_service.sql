-- Every revenue row names its service. Rows written before this migration are inference payouts,
-- except claimed staking rewards, which belong to staking; the default only fills them in.
ALTER TABLE "revenue_streams" ADD COLUMN "service" text DEFAULT 'inference' NOT NULL;--> statement-breakpoint
UPDATE "revenue_streams" SET "service" = 'staking' WHERE "stream_type" = 'staking_rewards';--> statement-breakpoint
ALTER TABLE "revenue_streams" ALTER COLUMN "service" DROP DEFAULT;
