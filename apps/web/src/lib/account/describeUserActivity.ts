import { formatFar } from '@/lib/format/formatFar';

/** One activity item as the account page reads it (the API's fields this needs). */
type DescribableUserActivity = {
  type: string;
  detail: Record<string, unknown>;
  ipPrefix: string | null;
  userAgent: string | null;
  byOperator: boolean;
};

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

function farOf(detail: Record<string, unknown>): string {
  const amount = text(detail.amountWei);
  return amount && /^\d+$/.test(amount) ? `${formatFar(BigInt(amount))} FAR` : 'FAR';
}

function keyOf(detail: Record<string, unknown>): string {
  const name = text(detail.name);
  const prefix = text(detail.prefix);
  return [name ? `“${name}”` : null, prefix ? `(${prefix}…)` : null].filter(Boolean).join(' ') || 'key';
}

// Most specific first: Chrome's user agent also names Safari, Edge's also names Chrome.
const BROWSERS = [
  ['Edg', 'Edge'],
  ['OPR', 'Opera'],
  ['Firefox', 'Firefox'],
  ['Chrome', 'Chrome'],
  ['Safari', 'Safari'],
] as const;

/** A user agent, short: the browser and its major version, and the platform in its first parentheses. */
function shortAgent(userAgent: string): string {
  const platform = /\(([^;)]+)/.exec(userAgent)?.[1];
  const browser = BROWSERS.map(([token, name]) => {
    const version = new RegExp(`\\b${token}/(\\d+)`).exec(userAgent)?.[1];
    return version ? `${name} ${version}` : null;
  }).find(Boolean);
  const product = browser ?? userAgent.split(/\s+/)[0] ?? userAgent;
  return (platform ? `${product} on ${platform}` : product).slice(0, 80);
}

/**
 * How an account activity row reads on the "Security & activity" list: what happened, and where
 * from (the network, never an address; the browser) or who (an operator), as a secondary line.
 * An unknown type reads as its id with spaces, so a new type shows before the app learns its words.
 *
 * @param item - the activity item.
 * @returns the title and the secondary line (empty when there is nothing to add).
 * @example
 * describeUserActivity({ type: 'deposit', detail: { amountWei: '10000000000000000000' }, ipPrefix: null, userAgent: null, byOperator: false });
 * // { title: 'Deposited 10 FAR', context: '' }
 */
export function describeUserActivity(item: DescribableUserActivity): { title: string; context: string } {
  const { detail } = item;
  const reason = text(detail.reason);
  const title = (() => {
    switch (item.type) {
      case 'sign_in':
        return 'Signed in with your wallet';
      case 'api_key_created':
        return `API key ${keyOf(detail)} created`;
      case 'api_key_revoked':
        return `API key ${keyOf(detail)} revoked`;
      case 'deposit':
        return `Deposited ${farOf(detail)}`;
      case 'withdrawal':
        return `Withdrew ${farOf(detail)}`;
      case 'admin_action':
        return `Operator action: ${(text(detail.action) ?? 'change').replaceAll(/[_.]/g, ' ')}`;
      default:
        return item.type.replaceAll('_', ' ');
    }
  })();
  const context = item.byOperator
    ? ['by a Far Labs operator', reason ? `reason: ${reason}` : null].filter(Boolean).join(' · ')
    : [
        item.ipPrefix ? `from network ${item.ipPrefix}` : null,
        item.userAgent ? shortAgent(item.userAgent) : null,
      ]
        .filter(Boolean)
        .join(' · ');
  return { title, context };
}
