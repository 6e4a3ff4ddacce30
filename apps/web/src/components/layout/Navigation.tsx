import Link from 'next/link';
import type { ReactNode } from 'react';
import { navigationLinks } from './navigationLinks';

const linkClass =
  'rounded-md px-3 py-2 text-sm text-soft hover:bg-surface-raised hover:text-white focus-visible:outline-2 focus-visible:outline-brand-soft';

/**
 * Desktop links inline; on a phone a <details> menu, so it works before any JavaScript loads.
 * `extraItem` renders one more entry with the links' class: the app's header passes the operator
 * Console entry, which needs the app's session. It is passed in rather than imported here because
 * Next ships every client component a route's server components import: imported by this shared
 * component, it put the session, React Query, wagmi and viem (31 kB gzip) on the landing pages,
 * which have no session.
 */
export function Navigation({ extraItem }: { extraItem?: (className: string) => ReactNode }) {
  return (
    <nav aria-label="Main">
      <ul className="hidden items-center gap-1 lg:flex">
        {navigationLinks.map((link) => (
          <li key={link.href}>
            <Link href={link.href} className={linkClass}>
              {link.label}
            </Link>
          </li>
        ))}
        {extraItem?.(linkClass)}
      </ul>
      <details className="relative lg:hidden">
        <summary className="cursor-pointer list-none rounded-md border border-line px-3 py-2 text-sm text-white focus-visible:outline-2 focus-visible:outline-brand-soft">
          Menu
        </summary>
        <ul className="absolute left-0 z-40 mt-2 flex w-56 flex-col rounded-xl border border-line bg-surface p-2 shadow-xl">
          {navigationLinks.map((link) => (
            <li key={link.href}>
              <Link href={link.href} className={`block ${linkClass}`}>
                {link.label}
              </Link>
            </li>
          ))}
          {extraItem?.(`block ${linkClass}`)}
        </ul>
      </details>
    </nav>
  );
}
