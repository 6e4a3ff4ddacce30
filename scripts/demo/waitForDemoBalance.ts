/**
 * Waits (up to a minute) for the indexer to credit the demo user's deposit, so what a seed sends
 * on its behalf can be paid.
 *
 * @param api - the API's base URL.
 * @param auth - the user's authorization header.
 * @returns whether the user has an available balance.
 */
export async function waitForDemoBalance(api: string, auth: Record<string, string>): Promise<boolean> {
  for (let i = 0; i < 60; i++) {
    const me = (await (await fetch(`${api}/api/me`, { headers: auth })).json()) as {
      balances?: { available?: string };
    };
    if (BigInt(me.balances?.available ?? '0') > 0n) return true;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  return false;
}
