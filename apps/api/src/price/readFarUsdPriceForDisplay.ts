import { type Deployments, priceFeedAbi } from '@far/contracts';
import { formatUnits, type PublicClient } from 'viem';
import { ChainError } from '../chain/ChainError.js';
import { getFarUsdPrice } from './getFarUsdPrice.js';
import { FAR_USD_PRICE_DECIMALS } from './usdToFarWei.js';

/**
 * The FAR/USD price for showing to people, as a decimal string (`"0.1"`). Unlike
 * {@link getFarUsdPrice}, which refuses a stale feed because money is priced with it, this falls
 * back to the feed's last answer and says it is stale: a wallet page should not break because the
 * local feed has not been updated for an hour.
 *
 * @param publicClient - a viem client on the deployment's chain.
 * @param deployments - InferencePayment and price feed addresses.
 * @returns the price as a decimal string and whether it is stale.
 * @throws ChainError when neither read works.
 */
export async function readFarUsdPriceForDisplay(
  publicClient: PublicClient,
  deployments: Pick<Deployments, 'contracts'>,
): Promise<{ price: string; stale: boolean }> {
  try {
    const price = await getFarUsdPrice(publicClient, deployments);
    return { price: formatUnits(price, FAR_USD_PRICE_DECIMALS), stale: false };
  } catch (error) {
    if (!(error instanceof ChainError) || error.reason !== 'StalePrice') throw error;
    const [, answer] = await publicClient.readContract({
      address: deployments.contracts.priceFeed,
      abi: priceFeedAbi,
      functionName: 'latestRoundData',
    });
    return { price: formatUnits(answer, FAR_USD_PRICE_DECIMALS), stale: true };
  }
}
