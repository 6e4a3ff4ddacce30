const services: Record<string, string> = {
  platform: 'Account',
  inference: 'Far Inference',
  fartwin: 'FarTwin AI',
  gamed: 'Far GameD',
  desci: 'Far DeSci',
  gaming: 'Farcana',
};

const kinds: Record<string, string> = {
  deposit: 'Deposit',
  withdrawal: 'Withdrawal',
  capture: 'Charge',
  settle_reservation: 'Charge',
  write_off: 'Charge written off',
  transfer: 'Transfer',
  game_purchase: 'Game purchase',
  game_refund: 'Game refund',
  game_sale: 'Game sale (studio balance)',
  licence_resale: 'Licence resale',
  royalty: 'Royalty (studio balance)',
  game_download: 'Download',
  studio_withdrawal: 'Studio withdrawal (to wallet)',
  research_backing: 'Research backing',
  backing_refund: 'Backing refund',
  milestone_release: 'Milestone released',
  tournament_entry: 'Tournament entry',
  tournament_prize: 'Prize claimed',
  entry_refund: 'Entry refund',
};

/**
 * How a history row reads: its service's name and what happened, for the kinds the API documents;
 * an unknown one reads as its id with spaces, so a new kind shows before the app learns its label.
 *
 * @param item - the row's service id and kind.
 * @returns the service and kind labels.
 * @example describeActivity({ service: 'gamed', kind: 'game_purchase' }) // { service: 'Far GameD', kind: 'Game purchase' }
 */
export function describeActivity(item: { service: string; kind: string }): { service: string; kind: string } {
  return {
    service: services[item.service] ?? item.service,
    kind: kinds[item.kind] ?? item.kind.replaceAll('_', ' '),
  };
}
