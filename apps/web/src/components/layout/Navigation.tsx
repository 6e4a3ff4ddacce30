import Link from 'next/link';
import { navigationLinks } from './navigationLinks';

const linkClass =
  'rounded-md px-3 py-2 text-sm text-[#D4D4D4] hover:bg-[#262626] hover:text-white focus-visible:outline-2 focus-visible:outline-[#A78BFA]';

/** Desktop links inline; on a phone a <details> menu, so it works before any JavaScript loads. */
export function Navigation() {
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
      </ul>
      <details className="relative lg:hidden">
        <summary className="cursor-pointer list-none rounded-md border border-[#2D2D2D] px-3 py-2 text-sm text-white focus-visible:outline-2 focus-visible:outline-[#A78BFA]">
          Menu
        </summary>
        <ul className="absolute left-0 z-40 mt-2 flex w-56 flex-col rounded-xl border border-[#2D2D2D] bg-[#1A1A1A] p-2 shadow-xl">
          {navigationLinks.map((link) => (
            <li key={link.href}>
              <Link href={link.href} className={`block ${linkClass}`}>
                {link.label}
              </Link>
            </li>
          ))}
        </ul>
      </details>
    </nav>
  );
}
