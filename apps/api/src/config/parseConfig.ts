import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { DEFAULT_AUDIT_CONFIG } from '../audits/auditRates.js';
import { checkProductionConfig } from './checkProductionConfig.js';

/** The repository root, so that default data paths don't depend on the working directory. */
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

const url = z.url();

/** Every environment variable the API reads, with its default. The README's table mirrors this. */
export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  PUBLIC_URL: url.optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  DATA_DIR: z.string().min(1).default(`${repoRoot}.far/data`),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// URL')
    .optional(),
  /** Replicas with the same name (on the same Redis) share their nodes. */
  CLUSTER_NAME: z
    .string()
    .regex(/^[a-z0-9_-]{1,64}$/, 'must be 1-64 characters of a-z, 0-9, _ or -')
    .default('far'),
  CHAIN_RPC_URL: url.default('http://127.0.0.1:8545'),
  CHAIN_ID: z.coerce.number().int().positive().default(31337),
  PUBLIC_CHAIN_RPC_URL: url.optional(),
  DEPLOYMENTS_FILE: z.string().min(1).optional(),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  WEB_ORIGIN: url.default('http://localhost:3000'),
  SIWE_DOMAINS: z.string().optional(),
  /**
   * How many proxies in front of the API append to X-Forwarded-For (1: the ALB). `true` means 1
   * and `false` 0, as before this was a count.
   */
  TRUST_PROXY: z
    .union([
      z.enum(['true', 'false']).transform((v) => (v === 'true' ? 1 : 0)),
      z.coerce.number().int().min(0).max(16),
    ])
    .default(0),
  /**
   * Grant the local network's database roles to Hardhat dev accounts #10–#13 (admin, operator,
   * treasurer, price keeper) and #0 (oracle) at startup; `npm start` sets it. Refused off chain 31337:
   * those keys are public.
   */
  SEED_LOCAL_OPERATOR_ROLES: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /**
   * Wallets granted the console's admin database role at startup (comma-separated; idempotent): how a
   * deployment gets its first admin, who then grants the other roles from the console. Removing one
   * here does not revoke it; revoke it from the console.
   */
  CONSOLE_ADMIN_WALLETS: z
    .string()
    .regex(/^0x[0-9a-fA-F]{40}(,\s*0x[0-9a-fA-F]{40})*$/, 'comma-separated 0x wallet addresses')
    .optional(),
  /** Bearer token for operator-only detail (/metrics, /ready errors, settlement errors); unset: loopback only. */
  OPERATOR_TOKEN: z.string().min(32, 'must be at least 32 characters').optional(),
  BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(1_048_576),
  /** What a batch request costs off the list price, in basis points (OpenAI's Batch API: half price). */
  BATCH_DISCOUNT_BPS: z.coerce.number().int().min(0).max(10_000).default(5_000),
  /** Batch requests one process runs at once, on the nodes' spare slots. */
  BATCH_CONCURRENCY: z.coerce.number().int().min(0).max(1_000).default(16),
  /** Proof of serving: share of an established node's greedy tasks re-run on another node (apps/api/src/audits). */
  AUDIT_RATE: z.coerce.number().min(0).max(1).default(DEFAULT_AUDIT_CONFIG.auditRate),
  /** Proof of serving: canaries per task an established node serves; new and low-score nodes get more. */
  CANARY_RATE: z.coerce.number().min(0).max(1).default(DEFAULT_AUDIT_CONFIG.canaryRate),
  /** Proof of serving on probation (new and low-score nodes): the audit share, then canaries per task. */
  PROBATION_AUDIT_RATE: z.coerce.number().min(0).max(1).default(DEFAULT_AUDIT_CONFIG.probationAuditRate),
  PROBATION_CANARY_RATE: z.coerce.number().min(0).max(1).default(DEFAULT_AUDIT_CONFIG.probationCanaryRate),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(600),
  RATE_LIMIT_IP_PER_MINUTE: z.coerce.number().int().positive().default(1200),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SETTLEMENT_PERIOD_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  CHAIN_CONFIRMATIONS: z.coerce.number().int().min(0).max(256).default(1),
  /** Far GameD build storage: a folder under DATA_DIR (local) or an S3-compatible bucket (s3). */
  GAMED_STORAGE: z.enum(['local', 's3']).default('local'),
  GAMED_S3_BUCKET: z.string().min(3).max(63).optional(),
  /** An S3-compatible endpoint (MinIO, R2…); unset: AWS S3. Credentials come from the AWS environment. */
  GAMED_S3_ENDPOINT: url.optional(),
  GAMED_S3_REGION: z.string().min(1).default('us-east-1'),
  GAMED_S3_FORCE_PATH_STYLE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /** Signs Far GameD download URLs; unset: a key derived from the JWT signing key. */
  GAMED_DOWNLOAD_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  COORDINATOR_PRIVATE_KEY: z
    .string()
    .regex(/^0x[0-9a-fA-F]{64}$/, 'must be a 0x-prefixed 32-byte hex key')
    .optional(),
  /** Holds PRICE_KEEPER_ROLE on the AdminPriceFeed; with a price source, the background work keeps the feed. */
  PRICE_KEEPER_PRIVATE_KEY: z
    .string()
    .regex(/^0x[0-9a-fA-F]{64}$/, 'must be a 0x-prefixed 32-byte hex key')
    .optional(),
  /** A JSON document holding FAR/USD (at PRICE_SOURCE_FIELD), over HTTP(S)… */
  PRICE_SOURCE_URL: url.optional(),
  /** …or in a local file (`npm start`: .far/price-source.json). */
  PRICE_SOURCE_FILE: z.string().min(1).optional(),
  PRICE_SOURCE_FIELD: z.string().min(1).default('farUsd'),
  /** Publish at least this often even when the price did not move (below the consumers' max price age). */
  PRICE_KEEPER_HEARTBEAT_SECONDS: z.coerce.number().int().min(1).default(1800),
  /** Publish when the price moved at least this much, in basis points (50 = 0.5 %). */
  PRICE_KEEPER_DEVIATION_BPS: z.coerce.number().int().min(0).max(10_000).default(50),
  PRICE_KEEPER_POLL_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
});

export type Env = z.input<typeof configSchema>;

export type Config = ReturnType<typeof parseConfig>;

/** Thrown when the environment is wrong; the message names every problem at once. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
  }
}

/**
 * Parses the environment once into a typed configuration.
 *
 * @param env - usually `process.env`; empty strings count as unset.
 * @returns the typed configuration with defaults applied.
 * @throws ConfigError naming every invalid variable.
 * @example
 * const config = parseConfig(process.env);
 */
export function parseConfig(env: Record<string, string | undefined>) {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = configSchema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const c = result.data;
  if (c.NODE_ENV === 'production') {
    const problems = checkProductionConfig(c);
    if (problems.length > 0) throw new ConfigError(problems);
  }
  if (c.SEED_LOCAL_OPERATOR_ROLES && (c.CHAIN_ID !== 31337 || c.NODE_ENV === 'production')) {
    throw new ConfigError([
      'SEED_LOCAL_OPERATOR_ROLES: only on the local chain (31337), never in production',
    ]);
  }
  if (c.GAMED_STORAGE === 's3' && !c.GAMED_S3_BUCKET) {
    throw new ConfigError(['GAMED_S3_BUCKET: required when GAMED_STORAGE=s3']);
  }
  const webHost = new URL(c.WEB_ORIGIN).host;
  const publicUrl = c.PUBLIC_URL ?? `http://${c.HOST === '0.0.0.0' ? '127.0.0.1' : c.HOST}:${c.PORT}`;
  return {
    ...c,
    PUBLIC_URL: publicUrl,
    DEPLOYMENTS_FILE: c.DEPLOYMENTS_FILE ?? `${repoRoot}.far/deployments/${c.CHAIN_ID}.json`,
    /** Domains a SIWE message may name: the web app's host and the API's own host. */
    siweDomains: new Set(
      (c.SIWE_DOMAINS ?? `${webHost},${new URL(publicUrl).host}`)
        .split(',')
        .map((d) => d.trim())
        .filter(Boolean),
    ),
  };
}
