import * as z from 'zod/mini';
import { apiRequest } from './client';

// zod/mini: the same zod v4 validation with a tree-shakable API, a fraction of the bundle.
// Amounts arrive as decimal wei strings; they become bigint once, here.
const weiSchema = z.pipe(
  z.union([z.string().check(z.regex(/^-?\d+$/)), z.number().check(z.int())]),
  z.transform((value) => BigInt(value)),
);
const addressSchema = z
  .string()
  .check(z.regex(/^0x[0-9a-fA-F]{40}$/)) as unknown as z.ZodMiniType<`0x${string}`>;
const timestampSchema = z.pipe(
  z.union([z.string(), z.number()]),
  z.transform((value) => new Date(value)),
);
const numeric = z.pipe(z.union([z.number(), z.string()]), z.transform(Number));

export const userSchema = z.object({ id: z.string(), walletAddress: addressSchema });
export type User = z.infer<typeof userSchema>;

export const nonceSchema = z.object({ nonce: z.string(), expiresAt: z.union([z.string(), z.number()]) });
export const sessionSchema = z.object({
  accessToken: z.string(),
  expiresAt: z.union([z.string(), z.number()]),
  user: userSchema,
});
export type Session = z.infer<typeof sessionSchema>;

export const meSchema = z.object({
  user: userSchema,
  balances: z.object({ available: weiSchema, reserved: weiSchema }),
});
export type Me = z.infer<typeof meSchema>;

export const apiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  createdAt: timestampSchema,
  lastUsedAt: z.nullish(timestampSchema),
  revokedAt: z.nullish(timestampSchema),
});
export type ApiKey = z.infer<typeof apiKeySchema>;
export const createdApiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  key: z.string(),
  createdAt: timestampSchema,
});
export type CreatedApiKey = z.infer<typeof createdApiKeySchema>;

export const chainInfoSchema = z.object({
  chainId: z.number().check(z.int()),
  rpcUrl: z.string(),
  contracts: z.object({
    farToken: addressSchema,
    farStaking: addressSchema,
    inferencePayment: addressSchema,
    priceFeed: z.optional(addressSchema),
  }),
  farUsdPrice: z.pipe(z.union([z.string(), z.number()]), z.transform(String)),
});
export type ChainInfo = z.infer<typeof chainInfoSchema>;

export const networkStatusSchema = z.object({
  total_nodes: z.number(),
  available_nodes: z.number(),
  total_vram_gb: z.number(),
  /** The model ids some online node serves (older APIs sent only the count). */
  models_available: z.pipe(
    z.union([z.array(z.string()), z.number()]),
    z.transform((value) =>
      typeof value === 'number' ? { count: value, ids: [] } : { count: value.length, ids: value },
    ),
  ),
  average_node_score: z.number(),
  tasks_completed_24h: z.number(),
});
export type NetworkStatus = z.infer<typeof networkStatusSchema>;

export const modelSchema = z.object({
  id: z.string(),
  owned_by: z.optional(z.string()),
  pricing: z.object({
    // Decimal strings, so no price loses precision in JSON.
    usd_per_1m_tokens: numeric,
    /** Null while the FAR/USD feed is unavailable. */
    far_per_1m_tokens_wei: z.nullish(weiSchema),
  }),
  tokens_per_second: z.nullish(z.number()),
  min_vram_gb: z.nullish(z.number()),
  available_nodes: z.number(),
});
export type Model = z.infer<typeof modelSchema>;

export const taskSchema = z.object({
  taskId: z.string(),
  model: z.string(),
  status: z.string(),
  promptTokens: z.nullish(z.number()),
  completionTokens: z.nullish(z.number()),
  costFarWei: z.nullish(weiSchema),
  costUsd: z.nullish(numeric),
  nodeId: z.nullish(z.string()),
  createdAt: timestampSchema,
});
export type Task = z.infer<typeof taskSchema>;

export const transactionSchema = z.object({
  id: z.string(),
  kind: z.string(),
  amountWei: weiSchema,
  createdAt: timestampSchema,
  txHash: z.nullish(z.string()),
});
export type LedgerTransaction = z.infer<typeof transactionSchema>;

export const nodeSchema = z.object({
  nodeId: z.string(),
  status: z.string(),
  gpuModel: z.nullish(z.string()),
  vramGb: z.nullish(z.number()),
  models: z._default(z.array(z.string()), []),
  /** Tasks running now. */
  load: z.nullish(z.number()),
  maxConcurrency: z.nullish(z.number()),
  tokensPerSecond: z.nullish(z.number()),
  tasksCompleted: z._default(z.number(), 0),
  earningsWei: z._default(weiSchema, 0n),
  lastSeen: z.nullish(timestampSchema),
});
export type GpuNode = z.infer<typeof nodeSchema>;

export const revenueEntrySchema = z.object({
  streamType: z.string(),
  amountFarWei: weiSchema,
  amountUsd: numeric,
});
export type RevenueEntry = z.infer<typeof revenueEntrySchema>;

const list = <T extends z.ZodMiniType>(item: T) => z.object({ data: z.array(item) });

/** Asks for a single-use SIWE nonce. */
export function fetchNonce() {
  return apiRequest('/api/auth/nonce', { method: 'POST', body: {}, schema: nonceSchema });
}
/** Exchanges a signed SIWE message for an access token (and an HttpOnly refresh cookie). */
export function verifySignIn(message: string, signature: string) {
  return apiRequest('/api/auth/verify', {
    method: 'POST',
    body: { message, signature },
    schema: sessionSchema,
  });
}
const sessionProbeSchema = z.union([
  z.object({ signedIn: z.literal(true), session: sessionSchema }),
  z.object({ signedIn: z.literal(false) }),
]);

/**
 * Restores (and rotates) the session from the refresh cookie through the web server's probe.
 * @returns the session, or null when signed out: a normal state, answered 200, so no console error
 */
export async function restoreSession(): Promise<Session | null> {
  const probe = await apiRequest('/api/auth/session', {
    method: 'POST',
    body: {},
    schema: sessionProbeSchema,
  });
  return probe.signedIn ? probe.session : null;
}
/** Ends the session and clears the refresh cookie. */
export function logout(accessToken: string | null) {
  return apiRequest('/api/auth/logout', { method: 'POST', body: {}, accessToken });
}
/** The signed-in user and their ledger balances. */
export function fetchMe(accessToken: string) {
  return apiRequest('/api/me', { accessToken, schema: meSchema });
}
/** The user's API keys (never the secret). */
export async function listApiKeys(accessToken: string) {
  return (await apiRequest('/api/keys', { accessToken, schema: list(apiKeySchema) })).data;
}
/** Creates an API key; the returned `key` is shown once and never again. */
export function createApiKey(accessToken: string, name: string) {
  return apiRequest('/api/keys', {
    method: 'POST',
    body: { name },
    accessToken,
    schema: createdApiKeySchema,
  });
}
/** Revokes an API key. */
export function revokeApiKey(accessToken: string, id: string) {
  return apiRequest(`/api/keys/${encodeURIComponent(id)}`, { method: 'DELETE', accessToken });
}
/** Chain id, RPC URL, contract addresses and FAR/USD price. */
export function fetchChainInfo() {
  return apiRequest('/api/chain', { schema: chainInfoSchema });
}
/** Network-wide stats for the home page. */
export function fetchNetworkStatus() {
  return apiRequest('/api/network/status', { schema: networkStatusSchema });
}
/** The model registry with prices and availability. */
export async function listModels() {
  return (await apiRequest('/v1/models', { schema: list(modelSchema) })).data;
}
/** The user's recent inference tasks. */
export async function listTasks(accessToken: string, limit = 20) {
  return (await apiRequest(`/api/tasks?limit=${limit}`, { accessToken, schema: list(taskSchema) })).data;
}
/** The user's ledger transactions (deposits, withdrawals, charges). */
export async function listTransactions(accessToken: string) {
  return (await apiRequest('/api/transactions', { accessToken, schema: list(transactionSchema) })).data;
}
/** The GPU nodes owned by the signed-in wallet. */
export async function listMyNodes(accessToken: string) {
  return (await apiRequest('/api/nodes/mine', { accessToken, schema: list(nodeSchema) })).data;
}
/** The user's revenue by stream. */
export async function fetchRevenue(accessToken: string) {
  return (await apiRequest('/api/revenue', { accessToken, schema: list(revenueEntrySchema) })).data;
}

const uintString = z.string().check(z.regex(/^\d+$/));
export const spendingTypedDataSchema = z.object({
  domain: z.object({
    name: z.string(),
    version: z.string(),
    chainId: z.number().check(z.int()),
    verifyingContract: addressSchema,
  }),
  types: z.object({ SpendingAuthorization: z.array(z.object({ name: z.string(), type: z.string() })) }),
  primaryType: z.literal('SpendingAuthorization'),
  message: z.object({ user: addressSchema, cap: uintString, expiry: uintString, nonce: uintString }),
});
export type SpendingTypedData = z.infer<typeof spendingTypedDataSchema>;

/** The EIP-712 spending authorization to sign: lets settlement batches charge up to `capWei`. */
export function fetchSpendingTypedData(accessToken: string, capWei: bigint) {
  return apiRequest(`/api/spending-authorization/typed-data?cap=${capWei}`, {
    accessToken,
    schema: spendingTypedDataSchema,
  });
}
/** Puts a signed spending authorization on chain (from the coordinator's wallet) and stores it. */
export function storeSpendingAuthorization(
  accessToken: string,
  signed: { cap: string; expiry: string; nonce: string; signature: string },
) {
  return apiRequest('/api/spending-authorization', {
    method: 'POST',
    body: signed,
    accessToken,
    schema: z.object({ id: z.string() }),
  });
}
