/** One of the six Far Labs revenue streams in the seed's forecast (§4.4). */
export type RevenueStreamAssumption = {
  id: 'inference' | 'gpu' | 'gaming' | 'desci' | 'gamed' | 'fartwin';
  name: string;
  enabled: boolean;
  /** Monthly return on the staked amount at month 0, e.g. 0.08 = 8%. */
  monthlyBase: number;
  /** Month-over-month growth factor, e.g. 1.05 = +5% a month. */
  growthRate: number;
};

/** The seed's default assumptions: inference and GPU on, the rest off until they launch. */
export const defaultRevenueStreams: readonly RevenueStreamAssumption[] = [
  { id: 'inference', name: 'Far Inference', enabled: true, monthlyBase: 0.08, growthRate: 1.05 },
  { id: 'gpu', name: 'Far GPU De-Pin', enabled: true, monthlyBase: 0.06, growthRate: 1.15 },
  { id: 'gaming', name: 'Farcana Game', enabled: false, monthlyBase: 0.04, growthRate: 1.03 },
  { id: 'desci', name: 'Far DeSci', enabled: false, monthlyBase: 0.02, growthRate: 1.02 },
  { id: 'gamed', name: 'Far GameD', enabled: false, monthlyBase: 0.03, growthRate: 1.04 },
  { id: 'fartwin', name: 'FarTwin AI', enabled: false, monthlyBase: 0.05, growthRate: 1.08 },
];
