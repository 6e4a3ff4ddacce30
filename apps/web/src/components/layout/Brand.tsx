import Link from 'next/link';

/** The Far Labs wordmark, linking home. */
export function Brand() {
  return (
    <Link
      href="/"
      className="rounded-md text-lg font-bold whitespace-nowrap text-white focus-visible:outline-2 focus-visible:outline-brand-soft"
    >
      <span className="text-brand-soft">Far</span> Labs
    </Link>
  );
}
