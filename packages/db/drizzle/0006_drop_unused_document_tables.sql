DROP TABLE "network_metrics" CASCADE;--> statement-breakpoint
DROP TABLE "user_activity" CASCADE;