CREATE TABLE "network_metrics" (
	"resolution" text NOT NULL,
	"bucket_start" timestamp with time zone NOT NULL,
	"samples" integer DEFAULT 1 NOT NULL,
	"metrics" jsonb NOT NULL,
	CONSTRAINT "network_metrics_resolution_bucket_start_pk" PRIMARY KEY("resolution","bucket_start")
);
--> statement-breakpoint
CREATE TABLE "node_online_intervals" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"node_id" varchar(100) NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"last_heartbeat_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "node_online_intervals" ADD CONSTRAINT "node_online_intervals_node_id_gpu_nodes_node_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."gpu_nodes"("node_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "idx_node_online_intervals_node" ON "node_online_intervals" USING btree ("node_id","started_at");--> statement-breakpoint
CREATE INDEX "idx_node_online_intervals_heartbeat" ON "node_online_intervals" USING btree ("last_heartbeat_at");