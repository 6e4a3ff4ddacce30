import { type CreateConnectorFn, injected } from 'wagmi';
import { walletConnect } from 'wagmi/connectors/walletConnect';

export type ChooseConnectorsParameters = {
  /** The WalletConnect Cloud project id (NEXT_PUBLIC_WALLETCONNECT_PROJECT_ID); null leaves WalletConnect out. */
  walletConnectProjectId: string | null;
  /** The page's origin in a browser; null on the server, where no relay connection must open. */
  origin: string | null;
};

/**
 * The wallets the app offers: browser wallets (EIP-6963 and `window.ethereum`) always, and
 * mobile wallets through WalletConnect when a project id is configured. WalletConnect's relay
 * connection opens when wagmi sets the connector up, so it is only added in a browser: never
 * during a build, a server render or a test.
 * @param parameters - the project id and where the page runs
 * @returns connector factories for wagmi's `createConfig`
 * @example
 * chooseConnectors({ walletConnectProjectId: null, origin: null }); // [injected()]
 */
export function chooseConnectors({
  walletConnectProjectId,
  origin,
}: ChooseConnectorsParameters): CreateConnectorFn[] {
  const connectors: CreateConnectorFn[] = [injected()];
  if (walletConnectProjectId && origin) {
    connectors.push(
      walletConnect({
        projectId: walletConnectProjectId,
        showQrModal: true,
        metadata: {
          name: 'Far Labs',
          description: 'Decentralized AI inference, GPU DePIN and $FAR staking on BNB Smart Chain.',
          url: origin,
          icons: [`${origin}/icon.svg`],
        },
      }),
    );
  }
  return connectors;
}
