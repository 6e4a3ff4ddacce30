import { describe, expect, it } from 'vitest';
import { hardhat } from 'wagmi/chains';
import { chooseConnectors } from './chooseConnectors';

// A connector factory only describes the connector; nothing connects until wagmi calls setup().
const describeConnector = (factory: ReturnType<typeof chooseConnectors>[number]) => {
  const connector = factory({ chains: [hardhat], emitter: {}, storage: null, transports: {} } as never);
  return { id: connector.id, type: connector.type };
};

describe('chooseConnectors', () => {
  it('offers browser wallets only when no WalletConnect project id is configured', () => {
    expect(
      chooseConnectors({ walletConnectProjectId: null, origin: 'https://far.example' }).map(
        describeConnector,
      ),
    ).toEqual([{ id: 'injected', type: 'injected' }]);
  });

  it('adds WalletConnect for mobile wallets when a project id is configured', () => {
    expect(
      chooseConnectors({ walletConnectProjectId: 'abc123', origin: 'https://far.example' }).map(
        describeConnector,
      ),
    ).toEqual([
      { id: 'injected', type: 'injected' },
      { id: 'walletConnect', type: 'walletConnect' },
    ]);
  });

  it('leaves WalletConnect out on the server, where no relay connection may open', () => {
    expect(
      chooseConnectors({ walletConnectProjectId: 'abc123', origin: null }).map(describeConnector),
    ).toEqual([{ id: 'injected', type: 'injected' }]);
  });
});
