CREATE TABLE "canary_answers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"model" varchar(200) NOT NULL,
	"prompt" text NOT NULL,
	"max_tokens" integer NOT NULL,
	"tokens" jsonb NOT NULL,
	"agreed_by" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "uq_canary_answers_prompt" UNIQUE("model","prompt","max_tokens")
);
--> statement-breakpoint
CREATE TABLE "node_audits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"node_id" varchar(100) NOT NULL,
	"task_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"passed" boolean NOT NULL,
	"evidence_hash" varchar(66) NOT NULL,
	"detail" jsonb NOT NULL,
	"auditor_node_id" varchar(100),
	"cost_far_wei" numeric(78, 0) DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "node_suspensions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"node_id" varchar(100) NOT NULL,
	"reason" text NOT NULL,
	"actor" varchar(42) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"lifted_at" timestamp with time zone,
	"lifted_by" varchar(42),
	"lift_reason" text
);
--> statement-breakpoint
ALTER TABLE "node_audits" ADD CONSTRAINT "node_audits_node_id_gpu_nodes_node_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."gpu_nodes"("node_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "node_suspensions" ADD CONSTRAINT "node_suspensions_node_id_gpu_nodes_node_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."gpu_nodes"("node_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "idx_node_audits_node_created" ON "node_audits" USING btree ("node_id","created_at");--> statement-breakpoint
CREATE INDEX "idx_node_audits_evidence" ON "node_audits" USING btree ("evidence_hash");--> statement-breakpoint
CREATE INDEX "idx_node_suspensions_node" ON "node_suspensions" USING btree ("node_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "uq_node_suspensions_open" ON "node_suspensions" USING btree ("node_id") WHERE "node_suspensions"."lifted_at" is null;