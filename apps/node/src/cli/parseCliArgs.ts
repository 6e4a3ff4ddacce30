import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { NODE_PROTOCOL_LIMITS, NodeGpuKindSchema, NodeIdSchema, NodeModelIdSchema } from '@far/protocol';
import { z } from 'zod';
import { DEFAULT_SUSPENDED_RETRY, type SuspendedRetryOptions } from '../agent/computeSuspendedRetryDelay.js';

/** Usage text, printed by `--help` and after a bad flag. */
export const FAR_NODE_USAGE = `far-node — serve AI inference on the Far Labs network

Usage:
  far-node --coordinator <url> --wallet-key <hex key | keystore.json> --engine llama --model <file.gguf> [--model-id far-demo]
  far-node --coordinator <url> --wallet-key <hex key | keystore.json> --engine openai --upstream http://127.0.0.1:8000/v1 --model <name>

Options:
  --coordinator <url>      coordinator base URL (env FAR_COORDINATOR_URL)
  --wallet-key <key|path>  owner wallet: 64-hex-digit private key, or a V3 keystore file (env FAR_NODE_WALLET_KEY)
  --password <pw>          keystore password (env FAR_NODE_PASSWORD)
  --engine llama|openai    llama.cpp on a GGUF file, or any OpenAI-compatible server (vLLM, llama.cpp server, Ollama)
  --model <file|name>      GGUF path (llama) or upstream model name (openai)
  --model-id <id>          id the network routes by (llama; default: file name without .gguf)
  --upstream <url>         OpenAI-compatible base URL (openai)
  --upstream-api-key <k>   upstream bearer key (openai; env FAR_NODE_UPSTREAM_API_KEY)
  --max-concurrency <n>    tasks served at once (default 1)
  --threads <n>            CPU threads for llama.cpp
  --context-size <n>       tokens per concurrent task (llama)
  --max-tokens-per-second <n>  stream at most n tokens per second per task (llama; default: no cap)
  --embeddings             also serve embeddings of the model (POST /v1/embeddings on the network)
  --weights-sha256 <hex>   SHA-256 of the weights served, announced to the coordinator (llama: computed
                           from --model and cached in the state dir; openai: state what the upstream loaded)
  --node-id <id>           stable node id (default: created once and kept in the state dir)
  --state-dir <dir>        where the node id is kept (default ~/.far-node, env FAR_NODE_HOME)
  --gpu-name <name>        override the detected GPU name
  --vram-gb <n>            override the detected GPU memory
  --suspended-retry <s>    first wait before a suspended node tries to rejoin, in seconds; it doubles
                           per refused try (default 30, env FAR_NODE_SUSPENDED_RETRY)
  --suspended-retry-max <s>  longest such wait, in seconds (default 300, env FAR_NODE_SUSPENDED_RETRY_MAX)
  --quiet                  no status line
  -h, --help               this text`;

/** A day: a suspended node still tries to rejoin at least daily. */
const MAX_SUSPENDED_RETRY_SECONDS = 86_400;

const positiveInt = (flag: string, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `${flag} must be a whole number`)
    .transform(Number)
    .pipe(z.int().min(1, `${flag} must be at least 1`).max(max, `${flag} must be at most ${max}`));

const httpUrl = (flag: string) =>
  z
    .url({ protocol: /^(https?|wss?)$/, error: `${flag} must be an http(s) or ws(s) URL` })
    .transform((u) => u.replace(/\/+$/, ''));

const common = {
  coordinator: httpUrl('--coordinator'),
  walletKey: z.string({ error: '--wallet-key is required' }).min(1, '--wallet-key is required'),
  password: z.string().optional(),
  maxConcurrency: positiveInt('--max-concurrency', NODE_PROTOCOL_LIMITS.maxConcurrency).default(1),
  nodeId: NodeIdSchema.optional(),
  stateDir: z.string().min(1),
  gpuName: z.string().min(1).max(NODE_PROTOCOL_LIMITS.maxGpuNameLength).optional(),
  vramGb: z
    .string()
    .regex(/^\d+(\.\d+)?$/, '--vram-gb must be a number')
    .transform(Number)
    .pipe(z.number().max(NODE_PROTOCOL_LIMITS.maxVramGb))
    .optional(),
  gpuKind: NodeGpuKindSchema.optional(),
  quiet: z.boolean().default(false),
  embeddings: z.boolean().default(false),
  weightsSha256: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, '--weights-sha256 must be 64 hex digits')
    .transform((hash) => hash.toLowerCase())
    .optional(),
  suspendedRetry: positiveInt('--suspended-retry', MAX_SUSPENDED_RETRY_SECONDS).optional(),
  suspendedRetryMax: positiveInt('--suspended-retry-max', MAX_SUSPENDED_RETRY_SECONDS).optional(),
};

const CliConfigSchema = z.discriminatedUnion('engine', [
  z.strictObject({
    engine: z.literal('llama'),
    model: z.string({ error: '--model <file.gguf> is required' }).min(1),
    modelId: NodeModelIdSchema.optional(),
    threads: positiveInt('--threads', 1024).optional(),
    contextSize: positiveInt('--context-size', NODE_PROTOCOL_LIMITS.maxContextLength).optional(),
    maxTokensPerSecond: positiveInt('--max-tokens-per-second', 100_000).optional(),
    ...common,
  }),
  z.strictObject({
    engine: z.literal('openai'),
    model: NodeModelIdSchema,
    upstream: z.url({ protocol: /^https?$/, error: '--upstream must be an http(s) URL' }),
    upstreamApiKey: z.string().optional(),
    ...common,
  }),
]);

/** The parsed flags of either engine, less the retry seconds (they become `suspendedRetry`). */
type ParsedFlags<T = z.infer<typeof CliConfigSchema>> = T extends unknown
  ? Omit<T, 'suspendedRetry' | 'suspendedRetryMax'>
  : never;

export type CliConfig = ParsedFlags & {
  modelId: string;
  /** The waits of a suspended node before it tries to rejoin (empty: the defaults). */
  suspendedRetry: SuspendedRetryOptions;
};

export type ParseCliArgsResult =
  | { ok: true; config: CliConfig }
  | { ok: false; help: true }
  | { ok: false; help: false; error: string };

/** far-node's flags, as node:util parseArgs reads them. */
const CLI_OPTIONS = {
  coordinator: { type: 'string' },
  'wallet-key': { type: 'string' },
  password: { type: 'string' },
  engine: { type: 'string' },
  model: { type: 'string' },
  'model-id': { type: 'string' },
  upstream: { type: 'string' },
  'upstream-api-key': { type: 'string' },
  'max-concurrency': { type: 'string' },
  threads: { type: 'string' },
  'context-size': { type: 'string' },
  'max-tokens-per-second': { type: 'string' },
  'node-id': { type: 'string' },
  'state-dir': { type: 'string' },
  'gpu-name': { type: 'string' },
  'vram-gb': { type: 'string' },
  'gpu-kind': { type: 'string' },
  quiet: { type: 'boolean' },
  embeddings: { type: 'boolean' },
  'weights-sha256': { type: 'string' },
  'suspended-retry': { type: 'string' },
  'suspended-retry-max': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * Reads far-node's flags (and their environment fallbacks) into a validated config.
 *
 * @param argv - arguments after the script name.
 * @param env - environment (FAR_COORDINATOR_URL, FAR_NODE_WALLET_KEY, FAR_NODE_PASSWORD, FAR_NODE_HOME,
 *   FAR_NODE_SUSPENDED_RETRY, FAR_NODE_SUSPENDED_RETRY_MAX, …).
 * @returns the config, a help request, or one clear error message naming the flag.
 * @example
 * parseCliArgs(['--coordinator', 'http://127.0.0.1:4000', '--wallet-key', key, '--engine', 'llama', '--model', 'm.gguf'], {})
 */
export function parseCliArgs(argv: string[], env: NodeJS.ProcessEnv): ParseCliArgsResult {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: CLI_OPTIONS,
    }));
  } catch (error) {
    return { ok: false, help: false, error: error instanceof Error ? error.message : String(error) };
  }
  if (values.help) return { ok: false, help: true };
  const engine = values.engine;
  if (engine !== 'llama' && engine !== 'openai') {
    return {
      ok: false,
      help: false,
      error:
        engine === undefined
          ? '--engine is required (llama or openai)'
          : `--engine must be llama or openai, got "${engine}"`,
    };
  }
  const raw: Record<string, unknown> = {
    engine,
    coordinator: values.coordinator ?? env.FAR_COORDINATOR_URL,
    walletKey: values['wallet-key'] ?? env.FAR_NODE_WALLET_KEY,
    password: values.password ?? env.FAR_NODE_PASSWORD,
    model: values.model,
    maxConcurrency: values['max-concurrency'],
    nodeId: values['node-id'],
    stateDir: values['state-dir'] ?? env.FAR_NODE_HOME ?? join(homedir(), '.far-node'),
    gpuName: values['gpu-name'],
    vramGb: values['vram-gb'],
    gpuKind: values['gpu-kind'],
    quiet: values.quiet ?? false,
    embeddings: values.embeddings ?? false,
    weightsSha256: values['weights-sha256'],
    suspendedRetry: values['suspended-retry'] ?? env.FAR_NODE_SUSPENDED_RETRY,
    suspendedRetryMax: values['suspended-retry-max'] ?? env.FAR_NODE_SUSPENDED_RETRY_MAX,
  };
  const misplaced =
    engine === 'llama'
      ? (['upstream', 'upstream-api-key'] as const).find((f) => values[f] !== undefined)
      : (['model-id', 'threads', 'context-size', 'max-tokens-per-second'] as const).find(
          (f) => values[f] !== undefined,
        );
  if (misplaced)
    return { ok: false, help: false, error: `--${misplaced} does not apply to --engine ${engine}` };
  if (engine === 'llama') {
    raw.modelId = values['model-id'];
    raw.threads = values.threads;
    raw.contextSize = values['context-size'];
    raw.maxTokensPerSecond = values['max-tokens-per-second'];
  } else {
    raw.upstream = values.upstream;
    raw.upstreamApiKey = values['upstream-api-key'] ?? env.FAR_NODE_UPSTREAM_API_KEY;
  }
  const parsed = CliConfigSchema.safeParse(
    Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)),
  );
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path[0];
    const flag =
      typeof field === 'string' ? `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}` : 'arguments';
    const message = issue?.message ?? 'invalid';
    if (issue?.code === 'invalid_type' && issue.input === undefined) {
      return { ok: false, help: false, error: `${flag} is required` };
    }
    return { ok: false, help: false, error: message.startsWith('--') ? message : `${flag}: ${message}` };
  }
  const { suspendedRetry: retryFirst, suspendedRetryMax: retryMaxGiven, ...config } = parsed.data;
  const retryMax = retryMaxGiven ?? DEFAULT_SUSPENDED_RETRY.maxMs / 1000;
  if (retryFirst !== undefined && retryFirst > retryMax) {
    const which = retryMaxGiven === undefined ? ' s by default' : ' s';
    return {
      ok: false,
      help: false,
      error: `--suspended-retry (${retryFirst} s) must not exceed --suspended-retry-max (${retryMax}${which})`,
    };
  }
  const suspendedRetry: SuspendedRetryOptions = {
    ...(retryFirst === undefined ? {} : { firstMs: retryFirst * 1000 }),
    ...(retryMaxGiven === undefined ? {} : { maxMs: retryMaxGiven * 1000 }),
  };
  const modelId =
    config.engine === 'llama'
      ? (config.modelId ?? basename(config.model).replace(/\.gguf$/i, ''))
      : config.model;
  const modelIdCheck = NodeModelIdSchema.safeParse(modelId);
  if (!modelIdCheck.success) {
    return {
      ok: false,
      help: false,
      error: `--model-id: "${modelId}" is not a valid model id; pass --model-id`,
    };
  }
  return { ok: true, config: { ...config, modelId, suspendedRetry } };
}
