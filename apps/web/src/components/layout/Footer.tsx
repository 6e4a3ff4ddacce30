import Link from 'next/link';

/** Site footer with the product services. */
export function Footer() {
  return (
    <footer className="mt-16 border-t border-line py-8 text-sm text-muted">
      <div className="mx-auto flex max-w-7xl flex-col gap-4 px-4 md:flex-row md:justify-between">
        <p>Far Labs — decentralized AI, gaming and science on BNB Smart Chain.</p>
        <nav aria-label="Services" className="flex flex-wrap gap-4">
          <Link href="/gaming" className="hover:text-white">
            Farcana
          </Link>
          <Link href="/desci" className="hover:text-white">
            DeSci
          </Link>
          <Link href="/gamed" className="hover:text-white">
            GameD
          </Link>
          <Link href="/fartwin" className="hover:text-white">
            FarTwin
          </Link>
        </nav>
      </div>
    </footer>
  );
}
