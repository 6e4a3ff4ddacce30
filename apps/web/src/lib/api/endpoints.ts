import type { Address } from 'viem';
import type { ApiAnswer } from './apiAnswer';
import { apiClient, bearer } from './apiClient';
import type { components } from './apiSchema.generated';
import { readApiData } from './readApiData';

// Each call's path, parameters and answer are typed from the API's own OpenAPI document; what
// stays here is turning its JSON into the app's values, once: wei strings become bigint,
// timestamps Date, addresses `0x…`. A field that cannot be turned makes the body one of the wrong
// shape (invalid_response), so nothing half-read reaches a component.

type Schemas = components['schemas'];

function wei(value: string | number): bigint {
  if (typeof value === 'number' ? !Number.isInteger(value) : !/^-?\d+$/.test(value)) {
    throw new TypeError(`not an amount in wei: ${String(value)}`);
  }
  return BigInt(value);
}
function address(value: string): Address {
  if (!/^0x[0-9a-fA-F]{40}$/.test(value)) throw new TypeError(`not an address: ${String(value)}`);
  return value as Address;
}
function decimal(value: string | number): number {
  const number = Number(value);
  if (value === '' || Number.isNaN(number)) throw new TypeError(`not a number: ${String(value)}`);
  return number;
}
const date = (value: string | number) => new Date(value);
function optional<T, R>(value: T | null | undefined, decode: (value: T) => R): R | null {
  return value === null || value === undefined ? null : decode(value);
}
const listOf =
  <T, R>(decode: (item: T) => R) =>
  (body: { data: T[] }) =>
    body.data.map(decode);
const nothing = () => undefined;

const toUser = (user: Schemas['Session']['user']) => ({
  id: user.id,
  walletAddress: address(user.walletAddress),
});
export type User = ReturnType<typeof toUser>;

const toSession = (session: Schemas['Session']) => ({ ...session, user: toUser(session.user) });
export type Session = ReturnType<typeof toSession>;

/** Asks for a single-use SIWE nonce. */
export function fetchNonce() {
  return readApiData(apiClient.POST('/api/auth/nonce'), (body) => ({
    nonce: body.nonce,
    expiresAt: body.expiresAt,
  }));
}
/** Exchanges a signed SIWE message for an access token (and an HttpOnly refresh cookie). */
export function verifySignIn(message: string, signature: string) {
  return readApiData(apiClient.POST('/api/auth/verify', { body: { message, signature } }), toSession);
}

type SessionProbe = { signedIn: true; session: Schemas['Session'] } | { signedIn: false };

/**
 * Restores (and rotates) the session from the refresh cookie through the web server's own probe,
 * `POST /api/auth/session` (lib/proxy/probeSession.ts; not an API route, so typed here).
 * @returns the session, or null when signed out: a normal state, answered 200, so no console error
 */
export function restoreSession(): Promise<Session | null> {
  const probe = apiClient.request('post', '/api/auth/session' as '/api/auth/refresh');
  return readApiData(probe as Promise<{ data?: SessionProbe; response: Response }>, (body) => {
    if (body.signedIn === true) return toSession(body.session);
    if (body.signedIn === false) return null;
    throw new TypeError('not a session probe');
  });
}
/** Ends the session and clears the refresh cookie. */
export function logout(accessToken: string | null) {
  return readApiData(apiClient.POST('/api/auth/logout', { headers: bearer(accessToken) }), nothing);
}

const toMe = (body: ApiAnswer<'/api/me', 'get'>) => ({
  user: toUser(body.user),
  balances: { available: wei(body.balances.available), reserved: wei(body.balances.reserved) },
});
export type Me = ReturnType<typeof toMe>;

/** The signed-in user and their ledger balances. */
export function fetchMe(accessToken: string) {
  return readApiData(apiClient.GET('/api/me', { headers: bearer(accessToken) }), toMe);
}

const toApiKey = (key: Schemas['ApiKey']) => ({
  ...key,
  createdAt: date(key.createdAt),
  lastUsedAt: optional(key.lastUsedAt, date),
  revokedAt: optional(key.revokedAt, date),
});
export type ApiKey = ReturnType<typeof toApiKey>;

/** The user's API keys (never the secret). */
export function listApiKeys(accessToken: string) {
  return readApiData(apiClient.GET('/api/keys', { headers: bearer(accessToken) }), listOf(toApiKey));
}

const toCreatedApiKey = (key: ApiAnswer<'/api/keys', 'post'>) => ({ ...key, createdAt: date(key.createdAt) });
export type CreatedApiKey = ReturnType<typeof toCreatedApiKey>;

/** Creates an API key; the returned `key` is shown once and never again. */
export function createApiKey(accessToken: string, name: string) {
  return readApiData(
    apiClient.POST('/api/keys', { body: { name }, headers: bearer(accessToken) }),
    toCreatedApiKey,
  );
}
/** Revokes an API key. */
export function revokeApiKey(accessToken: string, id: string) {
  return readApiData(
    apiClient.DELETE('/api/keys/{id}', { params: { path: { id } }, headers: bearer(accessToken) }),
    nothing,
  );
}

const toChainInfo = (info: Schemas['ChainInfo']) => ({
  ...info,
  contracts: {
    farToken: address(info.contracts.farToken),
    farStaking: address(info.contracts.farStaking),
    inferencePayment: address(info.contracts.inferencePayment),
    priceFeed: optional(info.contracts.priceFeed, address),
  },
});
export type ChainInfo = ReturnType<typeof toChainInfo>;

/** Chain id, RPC URL, contract addresses and FAR/USD price. */
export function fetchChainInfo() {
  return readApiData(apiClient.GET('/api/chain'), toChainInfo);
}

const toNetworkStatus = (status: ApiAnswer<'/api/network/status', 'get'>) => {
  // Older APIs sent only the number of models.
  const models: unknown = status.models_available;
  if (typeof models !== 'number' && !Array.isArray(models)) throw new TypeError('models_available');
  return {
    ...status,
    models_available:
      typeof models === 'number'
        ? { count: models, ids: [] as string[] }
        : { count: models.length, ids: models as string[] },
  };
};
export type NetworkStatus = ReturnType<typeof toNetworkStatus>;

/**
 * Network-wide stats for the home page.
 * @param options - `signal` to stop waiting (the server renders the page on time without them)
 */
export function fetchNetworkStatus(options: { signal?: AbortSignal } = {}) {
  return readApiData(apiClient.GET('/api/network/status', options), toNetworkStatus);
}

const toModel = (model: ApiAnswer<'/v1/models', 'get'>['data'][number]) => ({
  ...model,
  pricing: {
    // Decimal strings, so no price loses precision in JSON; no FAR price while the feed is down.
    usd_per_1m_input_tokens: decimal(model.pricing.usd_per_1m_input_tokens),
    usd_per_1m_output_tokens: decimal(model.pricing.usd_per_1m_output_tokens),
    far_per_1m_input_tokens_wei: optional(model.pricing.far_per_1m_input_tokens_wei, wei),
    far_per_1m_output_tokens_wei: optional(model.pricing.far_per_1m_output_tokens_wei, wei),
  },
});
export type Model = ReturnType<typeof toModel>;

/** The model catalogue with input and output prices, live nodes and measured speed. */
export function listModels() {
  return readApiData(apiClient.GET('/v1/models'), listOf(toModel));
}

const toCatalogueModel = (model: ApiAnswer<'/api/models', 'get'>['models'][number]) => ({
  ...model,
  inputPriceUsdPer1M: decimal(model.inputPriceUsdPer1M),
  outputPriceUsdPer1M: decimal(model.outputPriceUsdPer1M),
});
export type CatalogueModel = ReturnType<typeof toCatalogueModel>;

/**
 * The active catalogued models a GPU with `vramGb` of memory can serve, best earning first (the
 * "run a node" suggestions).
 * @param vramGb - the GPU's memory in GB
 */
export function listModelsForVram(vramGb: number) {
  return readApiData(apiClient.GET('/api/models', { params: { query: { vram_gb: vramGb } } }), (data) =>
    data.models.map(toCatalogueModel),
  );
}

const toTask = (task: ApiAnswer<'/api/tasks', 'get'>['data'][number]) => ({
  ...task,
  costFarWei: optional(task.costFarWei, wei),
  costUsd: optional(task.costUsd, decimal),
  createdAt: date(task.createdAt),
});
export type Task = ReturnType<typeof toTask>;

/** The user's recent inference tasks. */
export function listTasks(accessToken: string, limit = 20) {
  return readApiData(
    apiClient.GET('/api/tasks', { params: { query: { limit } }, headers: bearer(accessToken) }),
    listOf(toTask),
  );
}

const toActivity = (item: Schemas['AccountActivity']) => ({
  ...item,
  amountWei: wei(item.amountWei),
  createdAt: date(item.createdAt),
});
export type AccountActivity = ReturnType<typeof toActivity>;

/**
 * One page of the user's history: ledger transactions (deposits, withdrawals, charges) and each
 * service's on-chain activity (GameD, DeSci, Farcana), newest first; `nextCursor` asks for the next.
 */
export function listTransactions(accessToken: string, before?: string) {
  return readApiData(
    apiClient.GET('/api/transactions', {
      params: { query: { limit: 50, ...(before ? { before } : {}) } },
      headers: bearer(accessToken),
    }),
    (body) => ({ items: body.data.map(toActivity), nextCursor: body.nextCursor }),
  );
}

const toUserActivity = (item: Schemas['UserActivity']) => ({ ...item, occurredAt: date(item.occurredAt) });

/**
 * One page of the user's security and account activity (sign-ins, key changes, deposits,
 * withdrawals, operators' actions on the account), newest first; `nextCursor` asks for the next.
 */
export function listUserActivity(accessToken: string, before?: string) {
  return readApiData(
    apiClient.GET('/api/account/activity', {
      params: { query: { limit: 20, ...(before ? { before } : {}) } },
      headers: bearer(accessToken),
    }),
    (body) => ({ items: body.data.map(toUserActivity), nextCursor: body.nextCursor }),
  );
}

const toNode = (node: ApiAnswer<'/api/nodes/mine', 'get'>['data'][number]) => ({
  ...node,
  earningsWei: wei(node.earningsWei),
  lastSeen: optional(node.lastSeen, date),
});
export type GpuNode = ReturnType<typeof toNode>;

/** The GPU nodes owned by the signed-in wallet. */
export function listMyNodes(accessToken: string) {
  return readApiData(apiClient.GET('/api/nodes/mine', { headers: bearer(accessToken) }), listOf(toNode));
}

const toNodeAuditRecord = (record: ApiAnswer<'/api/nodes/{nodeId}/audits', 'get'>) => ({
  ...record,
  suspension: optional(record.suspension, (s) => ({ ...s, since: date(s.since) })),
  recent: record.recent.map((check) => ({ ...check, created_at: date(check.created_at) })),
});
export type NodeAuditRecord = ReturnType<typeof toNodeAuditRecord>;

/** A node's public proof-of-serving record: checks passed, strikes, its latest evidence hashes. */
export function fetchNodeAuditRecord(nodeId: string) {
  return readApiData(
    apiClient.GET('/api/nodes/{nodeId}/audits', { params: { path: { nodeId } } }),
    toNodeAuditRecord,
  );
}

const toBondTerms = (terms: Schemas['BondTerms']) => ({
  ...terms,
  nodeBond: address(terms.nodeBond),
  vramClasses: terms.vramClasses.map((entry) => ({ ...entry, minimumWei: wei(entry.minimumWei) })),
});
export type BondTerms = ReturnType<typeof toBondTerms>;

/** NodeBond's terms: where it is, the minimum bond per VRAM class, the unbonding period, the appeal window. */
export function fetchBondTerms() {
  return readApiData(apiClient.GET('/api/bonds'), toBondTerms);
}

const toMyBonds = (body: ApiAnswer<'/api/bonds/me', 'get'>) => ({
  nodes: body.nodes,
  slashes: body.slashes.map((slash) => ({
    ...slash,
    evidenceHash: slash.evidenceHash as `0x${string}`,
    amountWei: wei(slash.amountWei),
    createdAt: date(slash.createdAt),
  })),
});
export type MyBonds = ReturnType<typeof toMyBonds>;

/** The signed-in wallet's nodes (with the VRAM class each needs) and the slashes proposed against them. */
export function fetchMyBonds(accessToken: string) {
  return readApiData(apiClient.GET('/api/bonds/me', { headers: bearer(accessToken) }), toMyBonds);
}

const toRevenueEntry = (entry: ApiAnswer<'/api/revenue', 'get'>['data'][number]) => ({
  ...entry,
  amountFarWei: wei(entry.amountFarWei),
  amountUsd: decimal(entry.amountUsd),
});
export type RevenueEntry = ReturnType<typeof toRevenueEntry>;

/** The user's revenue by stream. */
export function fetchRevenue(accessToken: string) {
  return readApiData(apiClient.GET('/api/revenue', { headers: bearer(accessToken) }), listOf(toRevenueEntry));
}

const toSpendingTypedData = (typed: Schemas['SpendingAuthorizationTypedData']) => ({
  ...typed,
  domain: { ...typed.domain, verifyingContract: address(typed.domain.verifyingContract) },
  message: { ...typed.message, user: address(typed.message.user) },
});
export type SpendingTypedData = ReturnType<typeof toSpendingTypedData>;

/** The EIP-712 spending authorization to sign: lets settlement batches charge up to `capWei`. */
export function fetchSpendingTypedData(accessToken: string, capWei: bigint) {
  return readApiData(
    apiClient.GET('/api/spending-authorization/typed-data', {
      params: { query: { cap: capWei.toString() } },
      headers: bearer(accessToken),
    }),
    toSpendingTypedData,
  );
}
/** Puts a signed spending authorization on chain (from the coordinator's wallet) and stores it. */
export function storeSpendingAuthorization(
  accessToken: string,
  signed: { cap: string; expiry: string; nonce: string; signature: string },
) {
  return readApiData(
    apiClient.POST('/api/spending-authorization', { body: signed, headers: bearer(accessToken) }),
    (stored) => ({ id: stored.id }),
  );
}
