import Link from 'next/link';
import { navigationLinks } from './navigationLinks';
import { OperatorConsoleLink } from './OperatorConsoleLink';

const linkClass =
  'rounded-md px-3 py-2 text-sm text-soft hover:bg-surface-raised hover:text-white focus-visible:outline-2 focus-visible:outline-brand-soft';

/**
 * Desktop links inline; on a phone a <details> menu, so it works before any JavaScript loads.
 * `withConsole` adds the operator Console entry, which needs the app's session (the landing pages'
 * server-rendered header has none).
 */
export function Navigation({ withConsole = false }: { withConsole?: boolean }) {
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
        {withConsole ? <OperatorConsoleLink className={linkClass} /> : null}
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
          {withConsole ? <OperatorConsoleLink className={`block ${linkClass}`} /> : null}
        </ul>
      </details>
    </nav>
  );
}
