/**
 * What `startLocalNetwork` hands each service's demo seed once chain, API and far-nodes are up
 * (before the web app starts): where everything listens and the dev keys to act with.
 */
export type DemoSeedContext = {
  urls: { chain: string; api: string; web: string };
  /** The local deployments file (`.far/deployments/31337.json` under `npm start`). */
  deploymentsFile: string;
  /** The network's data folder (`.far/`): a seed may keep files it makes under `<dataDir>/demo/`. */
  dataDir: string;
  /** The far-nodes started (`local-1`, …); they join on their own, so a seed that needs them waits. */
  nodeIds: readonly string[];
  log: (line: string) => void;
};

/**
 * Creates one service's demo data (a twin, a game, a proposal, a tournament) so a new user sees the
 * service working at once. It runs on every start against kept state, so it must be idempotent:
 * find what an earlier start made, and make only what is missing.
 */
export type DemoSeed = {
  /** The service id (`fartwin`, `gamed`, …), for progress lines. */
  service: string;
  seed: (context: DemoSeedContext) => Promise<void>;
};
