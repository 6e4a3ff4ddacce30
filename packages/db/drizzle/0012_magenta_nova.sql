ALTER TABLE "desci_proposal_pages" ADD COLUMN "reviewers" jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "desci_proposal_pages" ADD COLUMN "threshold" integer NOT NULL;