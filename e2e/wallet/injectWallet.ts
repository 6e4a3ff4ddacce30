import type { BrowserContext } from 'playwright-core';
import type { createWalletBridge, WalletRequest, WalletResponse } from './createWalletBridge';

const walletInfo = {
  uuid: '9f1c7a52-4c7e-4a43-9d61-2f3b1f4e0a11',
  name: 'Far Test Wallet',
  rdns: 'dev.farlabs.testwallet',
  icon: "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E%3Crect width='32' height='32' rx='8' fill='%237C3AED'/%3E%3C/svg%3E",
};

/**
 * Injects an EIP-1193 provider into every page of the context and announces it over EIP-6963, the
 * way MetaMask and other extensions do. Its requests travel to the test process through
 * `exposeFunction`, where the bridge signs with a dev key and talks to the local chain: real
 * signatures and real transactions, no extension.
 * @param context - the browser context
 * @param bridge - the test-side wallet
 */
export async function injectWallet(context: BrowserContext, bridge: ReturnType<typeof createWalletBridge>) {
  await context.exposeFunction(
    '__farWalletRequest',
    (request: WalletRequest): Promise<WalletResponse> => bridge.handle(request),
  );
  // A string, not a function: tsx/esbuild wrap functions in a `__name` helper the page lacks.
  await context.addInitScript(`(${walletInitScript})(${JSON.stringify(walletInfo)});`);
}

export const testWalletName = walletInfo.name;

// Runs inside the page before any of its scripts: an EIP-1193 provider that forwards to
// window.__farWalletRequest (the exposed test-process function) and announces itself per EIP-6963.
const walletInitScript = `function (info) {
  const listeners = new Map();
  const emit = (event, payload) => {
    for (const listener of listeners.get(event) ?? []) listener(payload);
  };
  const provider = {
    async request({ method, params }) {
      const response = await window.__farWalletRequest({ method, params: params ?? [] });
      if (response.ok) {
        if (method === 'eth_requestAccounts') emit('connect', { chainId: await provider.request({ method: 'eth_chainId' }) });
        return response.value;
      }
      const error = new Error(response.error.message);
      error.code = response.error.code;
      throw error;
    },
    on(event, listener) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event).add(listener);
      return provider;
    },
    removeListener(event, listener) {
      listeners.get(event)?.delete(listener);
      return provider;
    },
  };
  const announce = () =>
    window.dispatchEvent(new CustomEvent('eip6963:announceProvider', { detail: Object.freeze({ info, provider }) }));
  window.addEventListener('eip6963:requestProvider', announce);
  announce();
}`;
