import Link from 'next/link';

const tabs = [
  { href: '/desci', label: 'Proposals' },
  { href: '/desci/researcher', label: 'Researcher' },
  { href: '/desci/reviews', label: 'Review queue' },
  { href: '/desci/verify', label: 'Verify a publication' },
] as const;

/** Far DeSci's sections; wraps on a phone. */
export function DesciTabs({ current }: { current: (typeof tabs)[number]['href'] }) {
  return (
    <nav aria-label="Far DeSci" className="mb-6 flex flex-wrap gap-2">
      {tabs.map((tab) => (
        <Link
          key={tab.href}
          href={tab.href}
          aria-current={tab.href === current ? 'page' : undefined}
          className={`rounded-lg border px-3 py-1.5 text-sm ${tab.href === current ? 'border-brand bg-surface-raised text-white' : 'border-line text-muted hover:text-white'}`}
        >
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
