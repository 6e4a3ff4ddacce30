import { describe, expect, it } from 'vitest';
import { orderWalletChoices } from './orderWalletChoices';

const generic = { type: 'injected', id: 'injected' };
const metaMask = { type: 'injected', id: 'io.metamask' };
const walletConnect = { type: 'walletConnect', id: 'walletConnect' };

describe('orderWalletChoices', () => {
  it('hides the generic injected entry when a wallet announced itself through EIP-6963', () => {
    expect(orderWalletChoices([generic, metaMask])).toEqual([metaMask]);
  });

  it('falls back to the generic injected entry when no wallet announced itself', () => {
    expect(orderWalletChoices([generic])).toEqual([generic]);
  });

  it('offers WalletConnect after the browser wallets', () => {
    expect(orderWalletChoices([walletConnect, generic, metaMask])).toEqual([metaMask, walletConnect]);
    expect(orderWalletChoices([walletConnect])).toEqual([walletConnect]);
  });
});
