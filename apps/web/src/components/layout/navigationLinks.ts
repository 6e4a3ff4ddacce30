/** The primary navigation, in the order a visitor explores. */
export const navigationLinks = [
  { href: '/dashboard', label: 'Dashboard' },
  { href: '/inference', label: 'Inference' },
  { href: '/inference/playground', label: 'Playground' },
  { href: '/gpu', label: 'GPU' },
  { href: '/network', label: 'Network' },
  { href: '/staking', label: 'Staking' },
  { href: '/revenue', label: 'Revenue' },
  { href: '/account', label: 'API keys' },
] as const;
