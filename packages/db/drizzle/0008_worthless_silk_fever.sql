CREATE TABLE "desci_comments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"escrow_address" varchar(42) NOT NULL,
	"proposal_id" bigint NOT NULL,
	"author_user_id" uuid NOT NULL,
	"author_address" varchar(42) NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "desci_proposal_pages" (
	"proposal_id" bigint NOT NULL,
	"escrow_address" varchar(42) NOT NULL,
	"researcher_user_id" uuid NOT NULL,
	"researcher_address" varchar(42) NOT NULL,
	"metadata_hash" varchar(66) NOT NULL,
	"metadata_json" text NOT NULL,
	"title" text NOT NULL,
	"abstract" text NOT NULL,
	"field" text NOT NULL,
	"team" jsonb NOT NULL,
	"budget_narrative" text NOT NULL,
	"milestones" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "desci_proposal_pages_pk" PRIMARY KEY("escrow_address","proposal_id")
);
--> statement-breakpoint
CREATE TABLE "desci_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"escrow_address" varchar(42) NOT NULL,
	"proposal_id" bigint NOT NULL,
	"milestone_index" integer NOT NULL,
	"reviewer_user_id" uuid NOT NULL,
	"reviewer_address" varchar(42) NOT NULL,
	"decision" text NOT NULL,
	"body" text NOT NULL,
	"deliverable_hash" varchar(66) NOT NULL,
	"signature" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "desci_reviews_one_per_reviewer" UNIQUE("escrow_address","proposal_id","milestone_index","reviewer_address")
);
--> statement-breakpoint
ALTER TABLE "desci_comments" ADD CONSTRAINT "desci_comments_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "desci_proposal_pages" ADD CONSTRAINT "desci_proposal_pages_researcher_user_id_users_id_fk" FOREIGN KEY ("researcher_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "desci_reviews" ADD CONSTRAINT "desci_reviews_reviewer_user_id_users_id_fk" FOREIGN KEY ("reviewer_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "idx_desci_comments_proposal" ON "desci_comments" USING btree ("escrow_address","proposal_id","created_at");--> statement-breakpoint
CREATE INDEX "idx_desci_proposal_pages_field" ON "desci_proposal_pages" USING btree ("field");--> statement-breakpoint
CREATE INDEX "idx_desci_proposal_pages_researcher" ON "desci_proposal_pages" USING btree ("researcher_address");--> statement-breakpoint
CREATE INDEX "idx_desci_reviews_reviewer" ON "desci_reviews" USING btree ("reviewer_address");