ALTER TABLE "gamed_game_pages" DROP CONSTRAINT "gamed_game_pages_chain_game_id_unique";--> statement-breakpoint
ALTER TABLE "gamed_game_pages" DROP CONSTRAINT "gamed_game_pages_slug_unique";--> statement-breakpoint
ALTER TABLE "desci_reviews" DROP CONSTRAINT "desci_reviews_one_per_reviewer";--> statement-breakpoint
ALTER TABLE "gamed_game_pages" ADD COLUMN "licenses_address" varchar(42) NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "uq_gamed_pages_game" ON "gamed_game_pages" USING btree ("licenses_address","chain_game_id");--> statement-breakpoint
CREATE UNIQUE INDEX "uq_gamed_pages_slug" ON "gamed_game_pages" USING btree ("licenses_address","slug");--> statement-breakpoint
ALTER TABLE "desci_reviews" ADD CONSTRAINT "desci_reviews_one_per_reviewer_and_deliverable" UNIQUE("escrow_address","proposal_id","milestone_index","deliverable_hash","reviewer_address");