/** The part of a wagmi connector that decides where it is offered. */
export type WalletChoice = { type: string; id: string };

/**
 * The wallets to offer in the connect menu. EIP-6963 wallets announce themselves, so the generic
 * "Injected" entry is only a fallback for when none did; WalletConnect (mobile wallets, when
 * configured) and any other non-injected connector is offered beside either.
 * @param connectors - wagmi's connectors
 * @returns the connectors to list, browser wallets first
 * @example
 * orderWalletChoices([{ type: 'injected', id: 'injected' }, { type: 'injected', id: 'io.metamask' }]);
 * // [{ type: 'injected', id: 'io.metamask' }]
 */
export function orderWalletChoices<Connector extends WalletChoice>(
  connectors: readonly Connector[],
): Connector[] {
  const browserWallets = connectors.filter((connector) => connector.type === 'injected');
  const announced = browserWallets.filter((connector) => connector.id !== 'injected');
  return [
    ...(announced.length > 0 ? announced : browserWallets),
    ...connectors.filter((connector) => connector.type !== 'injected'),
  ];
}
