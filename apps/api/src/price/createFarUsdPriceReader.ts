import { type Deployments, readDeployments } from '@far/contracts';
import type { PublicClient } from 'viem';
import { BaseError } from '../errors/BaseError.js';
import { getFarUsdPrice } from './getFarUsdPrice.js';

/**
 * Reads FAR/USD from the price feed of the contracts in `deploymentsFile`. The file may appear
 * after the API starts (npm start deploys first, a testnet operator may deploy later): it is read
 * when a price is needed and remembered once found; until then a price is `service_unavailable`.
 *
 * @returns the deployments loader (rejects while the file is missing) and the price reader.
 * @example
 * const { loadDeployments, farUsdPrice } = createFarUsdPriceReader(chain, config.DEPLOYMENTS_FILE);
 */
export function createFarUsdPriceReader(chain: PublicClient, deploymentsFile: string) {
  let deployments: Deployments | undefined;
  const loadDeployments = async (): Promise<Deployments> => {
    deployments ??= await readDeployments(deploymentsFile);
    return deployments;
  };
  const farUsdPrice = async (): Promise<bigint> => {
    const found = await loadDeployments().catch((error: unknown) => {
      throw new BaseError('service_unavailable', 'Contracts are not deployed on this network yet', {
        cause: error,
      });
    });
    return getFarUsdPrice(chain, found);
  };
  return { loadDeployments, farUsdPrice };
}
