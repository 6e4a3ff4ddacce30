import {
  type Account,
  type Chain,
  createPublicClient,
  createWalletClient,
  type Hex,
  http,
  type Transport,
  type TypedDataDefinition,
  toHex,
  type WalletClient,
} from 'viem';
import { type PrivateKeyAccount, privateKeyToAccount } from 'viem/accounts';
import { hardhat } from 'viem/chains';

export type WalletRequest = { method: string; params?: unknown[] };
export type WalletResponse =
  | { ok: true; value: unknown }
  | { ok: false; error: { code: number; message: string } };

type TypedField = { name: string; type: string };

// eth_signTypedData_v4 carries numbers as JSON strings; viem hashes bigint, so convert by type.
function reviveTypedValues(types: Record<string, TypedField[]>, type: string, value: unknown): unknown {
  const arrayMatch = /^(.*)\[\d*\]$/.exec(type);
  if (arrayMatch?.[1] && Array.isArray(value))
    return value.map((item) => reviveTypedValues(types, arrayMatch[1] as string, item));
  if (/^u?int\d*$/.test(type) && (typeof value === 'string' || typeof value === 'number'))
    return BigInt(value);
  const fields = types[type];
  if (fields && value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return Object.fromEntries(
      fields.map((field) => [field.name, reviveTypedValues(types, field.type, record[field.name])]),
    );
  }
  return value;
}

/**
 * The test process's side of the injected wallet: a viem local account (a Hardhat dev key) that
 * signs messages, typed data and transactions and sends them to the local chain; every other
 * JSON-RPC call goes straight to the node. `rejectNext(method)` makes the next such request fail
 * with EIP-1193 code 4001, as if the person clicked Reject.
 * @param options - the dev private key and the chain's RPC URL
 * @returns the request handler and test controls
 */
export function createWalletBridge(options: { privateKey: Hex; rpcUrl: string }) {
  const account = privateKeyToAccount(options.privateKey);
  const chain = { ...hardhat, rpcUrls: { default: { http: [options.rpcUrl] } } };
  const transport = http(options.rpcUrl);
  const publicClient = createPublicClient({ chain, transport });
  const walletClient = createWalletClient({ account, chain, transport });
  const rejections = new Set<string>();
  // Like a real wallet, reveal the account only to a site the person connected (eth_requestAccounts).
  let connected = false;
  const sent: Hex[] = [];

  async function handle(request: WalletRequest): Promise<WalletResponse> {
    const params = request.params ?? [];
    if (rejections.delete(request.method)) {
      return { ok: false, error: { code: 4001, message: 'User rejected the request.' } };
    }
    try {
      switch (request.method) {
        case 'eth_requestAccounts':
          connected = true;
          return { ok: true, value: [account.address] };
        case 'eth_accounts':
          return { ok: true, value: connected ? [account.address] : [] };
        case 'eth_chainId':
          return { ok: true, value: toHex(await publicClient.getChainId()) };
        case 'wallet_switchEthereumChain': {
          const wanted = Number((params[0] as { chainId: string }).chainId);
          if (wanted === (await publicClient.getChainId())) return { ok: true, value: null };
          return { ok: false, error: { code: 4902, message: `Unrecognized chain ${wanted}` } };
        }
        case 'wallet_requestPermissions':
          connected = true;
          return { ok: true, value: [{ parentCapability: 'eth_accounts' }] };
        case 'wallet_getPermissions':
          return { ok: true, value: connected ? [{ parentCapability: 'eth_accounts' }] : [] };
        case 'wallet_revokePermissions':
          connected = false;
          return { ok: true, value: null };
        case 'personal_sign': {
          const signature = await account.signMessage({ message: { raw: params[0] as Hex } });
          return { ok: true, value: signature };
        }
        case 'eth_signTypedData_v4':
          return { ok: true, value: await signTypedDataV4(account, params[1] as string) };
        case 'eth_sendTransaction': {
          const hash = await sendTransaction(walletClient, params[0] as TransactionRequest);
          sent.push(hash);
          return { ok: true, value: hash };
        }
        default:
          return {
            ok: true,
            value: await publicClient.request({ method: request.method, params } as never),
          };
      }
    } catch (error) {
      return { ok: false, error: toWalletError(error) };
    }
  }

  return {
    address: account.address,
    handle,
    rejectNext: (method: string) => rejections.add(method),
    sentTransactions: sent,
    publicClient,
  };
}

/** An eth_sendTransaction parameter, as a dapp sends it: quantities are hex strings. */
type TransactionRequest = { to?: Hex; data?: Hex; value?: Hex; gas?: Hex };

/** Signs an eth_signTypedData_v4 request (its JSON payload) with the dev account. */
async function signTypedDataV4(account: PrivateKeyAccount, json: string): Promise<Hex> {
  const typed = JSON.parse(json) as {
    domain: Record<string, unknown>;
    types: Record<string, TypedField[]>;
    primaryType: string;
    message: Record<string, unknown>;
  };
  const { EIP712Domain: domainFields = [], ...types } = typed.types;
  const domain = reviveTypedValues({ EIP712Domain: domainFields }, 'EIP712Domain', typed.domain);
  const message = reviveTypedValues(types, typed.primaryType, typed.message);
  return account.signTypedData({
    domain,
    types,
    primaryType: typed.primaryType,
    message,
  } as unknown as TypedDataDefinition);
}

/** Signs and sends a dapp's transaction to the local chain; returns its hash. */
async function sendTransaction(
  walletClient: WalletClient<Transport, Chain, Account>,
  tx: TransactionRequest,
): Promise<Hex> {
  return walletClient.sendTransaction({
    to: tx.to ?? null,
    ...(tx.data ? { data: tx.data } : {}),
    ...(tx.value ? { value: BigInt(tx.value) } : {}),
    ...(tx.gas ? { gas: BigInt(tx.gas) } : {}),
  });
}

/** An EIP-1193 error for a failed request: the RPC's own code when it has one, else -32603. */
function toWalletError(error: unknown): { code: number; message: string } {
  const { code, shortMessage, message } = error as {
    code?: unknown;
    shortMessage?: string;
    message?: string;
  };
  return {
    code: typeof code === 'number' ? code : -32603,
    message: shortMessage ?? message ?? 'wallet error',
  };
}
