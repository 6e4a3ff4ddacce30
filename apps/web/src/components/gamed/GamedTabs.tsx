import Link from 'next/link';

const tabs = [
  { href: '/gamed', label: 'Store' },
  { href: '/gamed/library', label: 'Library' },
  { href: '/gamed/studio', label: 'Studio' },
] as const;

/** Far GameD's sections; wraps on a phone. */
export function GamedTabs({ current }: { current: (typeof tabs)[number]['href'] | null }) {
  return (
    <nav aria-label="Far GameD" className="mb-6 flex flex-wrap gap-2">
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
