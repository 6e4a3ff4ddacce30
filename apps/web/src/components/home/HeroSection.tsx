import Link from 'next/link';

/** The home page's opening: what Far Labs is and the two first things to do. */
export function HeroSection() {
  return (
    <section className="relative overflow-hidden py-12 text-center md:py-20">
      <div
        aria-hidden="true"
        className="pointer-events-none absolute inset-x-0 -top-24 mx-auto h-72 max-w-3xl rounded-full bg-brand/20 blur-3xl"
      />
      <h1 className="relative text-4xl font-extrabold tracking-tight md:text-6xl">
        The decentralized{' '}
        <span className="bg-gradient-to-r from-brand-soft to-brand-pink bg-clip-text text-transparent">
          AI &amp; compute
        </span>{' '}
        economy
      </h1>
      <p className="relative mx-auto mt-6 max-w-2xl text-lg text-soft">
        Run LLMs on a network of community GPUs, pay per token in $FAR, earn by serving models or staking.
      </p>
      <div className="relative mt-8 flex flex-wrap justify-center gap-4">
        <Link
          href="/inference/playground"
          className="rounded-lg bg-brand px-6 py-3 font-semibold text-white hover:bg-brand-strong focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-soft"
        >
          Try the playground
        </Link>
        <Link
          href="/gpu"
          className="rounded-lg border border-line bg-surface px-6 py-3 font-semibold text-white hover:border-brand focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-soft"
        >
          Share your GPU
        </Link>
      </div>
    </section>
  );
}
