import { cookieStorage, createConfig, createStorage, custom, http } from 'wagmi';
import { bsc, bscTestnet, hardhat } from 'wagmi/chains';
import { fetchChainInfo } from '../api/endpoints';
import type { PublicConfig } from '../config/PublicConfig';
import { chooseConnectors } from './chooseConnectors';

let localRpc: Promise<ReturnType<ReturnType<typeof http>>> | undefined;

// The local chain's port differs per run (tests use ephemeral ports), so its RPC URL is whatever
// the API reports, resolved on first use instead of baked into the build.
const localChainTransport = custom({
  async request({ method, params }) {
    localRpc ??= fetchChainInfo()
      .then((info) => info.rpcUrl)
      .catch(() => hardhat.rpcUrls.default.http[0])
      .then((url) => http(url, { retryCount: 0 })({ chain: hardhat, retryCount: 0 }));
    const transport = await localRpc;
    return transport.request({ method, params });
  },
});

/**
 * Builds the wagmi config: EIP-6963 wallet discovery plus a plain `window.ethereum` fallback,
 * WalletConnect for mobile wallets when a project id is configured, cookie storage so the server
 * renders the connected state and a refresh does not flash "disconnected".
 * @param publicConfig - the deployment's public settings (the WalletConnect project id)
 * @returns a wagmi config, one per browser tab (and one per server request)
 */
export function createWagmiConfig(
  publicConfig: Pick<PublicConfig, 'walletConnectProjectId'> = { walletConnectProjectId: null },
) {
  return createConfig({
    chains: [hardhat, bscTestnet, bsc],
    connectors: chooseConnectors({
      walletConnectProjectId: publicConfig.walletConnectProjectId,
      origin: typeof window === 'undefined' ? null : window.location.origin,
    }),
    multiInjectedProviderDiscovery: true,
    ssr: true,
    storage: createStorage({ storage: cookieStorage }),
    transports: { [hardhat.id]: localChainTransport, [bscTestnet.id]: http(), [bsc.id]: http() },
  });
}

declare module 'wagmi' {
  interface Register {
    config: ReturnType<typeof createWagmiConfig>;
  }
}
