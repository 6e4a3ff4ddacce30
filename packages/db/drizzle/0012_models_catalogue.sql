CREATE TABLE "models" (
	"id" varchar(100) PRIMARY KEY NOT NULL,
	"family" varchar(50) NOT NULL,
	"parameter_count" bigint NOT NULL,
	"quantization" varchar(30) NOT NULL,
	"context_length" integer NOT NULL,
	"min_vram_gb" integer NOT NULL,
	"expected_tokens_per_second" integer NOT NULL,
	"input_price_usd_per_1m" numeric(20, 8) NOT NULL,
	"output_price_usd_per_1m" numeric(20, 8) NOT NULL,
	"weights_sha256" varchar(64),
	"source" text DEFAULT '' NOT NULL,
	"kind" text DEFAULT 'chat' NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "models_kind_check" CHECK ("models"."kind" in ('chat', 'embedding')),
	CONSTRAINT "models_status_check" CHECK ("models"."status" in ('active', 'retired')),
	CONSTRAINT "models_prices_check" CHECK ("models"."input_price_usd_per_1m" >= 0 and "models"."output_price_usd_per_1m" >= 0),
	CONSTRAINT "models_weights_sha256_check" CHECK ("models"."weights_sha256" ~ '^[0-9a-f]{64}$')
);
--> statement-breakpoint
CREATE INDEX "idx_models_status" ON "models" USING btree ("status");--> statement-breakpoint
INSERT INTO "models" ("id", "family", "parameter_count", "quantization", "context_length", "min_vram_gb", "expected_tokens_per_second", "input_price_usd_per_1m", "output_price_usd_per_1m", "weights_sha256", "source", "kind") VALUES
('far-demo', 'far', 1565280, 'F16', 4096, 0, 200, '0.50', '0.50', 'd2f0bb9c3639b619f6a34778589284c04b46542e199921760c0afe0a79653cc7', '.far/models/far-demo.gguf (built by apps/node/src/demoModel)', 'chat'),
('llama-3.1-8b-instruct-q4_k_m', 'llama', 8030261248, 'Q4_K_M', 131072, 8, 60, '0.02', '0.05', NULL, 'bartowski/Meta-Llama-3.1-8B-Instruct-GGUF: Meta-Llama-3.1-8B-Instruct-Q4_K_M.gguf', 'chat'),
('qwen2.5-7b-instruct-q4_k_m', 'qwen', 7615616512, 'Q4_K_M', 32768, 8, 60, '0.04', '0.10', NULL, 'bartowski/Qwen2.5-7B-Instruct-GGUF: Qwen2.5-7B-Instruct-Q4_K_M.gguf', 'chat'),
('mistral-7b-instruct-v0.3-q4_k_m', 'mistral', 7248023552, 'Q4_K_M', 32768, 8, 65, '0.03', '0.055', NULL, 'bartowski/Mistral-7B-Instruct-v0.3-GGUF: Mistral-7B-Instruct-v0.3-Q4_K_M.gguf', 'chat'),
('gemma-2-9b-it-q4_k_m', 'gemma', 9241705984, 'Q4_K_M', 8192, 10, 45, '0.03', '0.06', NULL, 'bartowski/gemma-2-9b-it-GGUF: gemma-2-9b-it-Q4_K_M.gguf', 'chat'),
('qwen2.5-32b-instruct-q4_k_m', 'qwen', 32763876352, 'Q4_K_M', 32768, 24, 30, '0.08', '0.20', NULL, 'bartowski/Qwen2.5-32B-Instruct-GGUF: Qwen2.5-32B-Instruct-Q4_K_M.gguf', 'chat'),
('nomic-embed-text-v1.5', 'nomic-bert', 136731648, 'F16', 8192, 1, 2000, '0.01', '0', NULL, 'nomic-ai/nomic-embed-text-v1.5-GGUF: nomic-embed-text-v1.5.f16.gguf', 'embedding'),
('llama-70b', 'llama', 70000000000, 'F16', 4096, 140, 50, '3.0', '3.0', NULL, 'meta-llama/Llama-2-70b-chat-hf', 'chat'),
('mixtral-8x22b', 'mistral', 140620634112, 'F16', 65536, 180, 40, '5.0', '5.0', NULL, 'mistralai/Mixtral-8x22B-Instruct-v0.1', 'chat'),
('llama-405b', 'llama', 405000000000, 'F16', 131072, 810, 30, '15.0', '15.0', NULL, 'meta-llama/Llama-3-405b-instruct', 'chat');
