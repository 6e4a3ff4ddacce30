import Link from 'next/link';
import type { ReactNode } from 'react';
import { getService, type Service } from '@/lib/services/services';

/** A product service's page: what it is, what it will do, and its status today. */
export function ServicePage({
  id,
  features,
  children,
}: {
  id: Service['id'];
  features: string[];
  children?: ReactNode;
}) {
  const service = getService(id);
  return (
    <article className="flex flex-col gap-6">
      <header className="relative overflow-hidden rounded-2xl border border-line bg-surface p-8">
        <div
          aria-hidden="true"
          className={`absolute inset-0 bg-gradient-to-br ${service.gradient} opacity-15`}
        />
        <div className="relative">
          <service.icon aria-hidden="true" className="mb-3 size-12 text-brand-soft" strokeWidth={1.5} />
          <h1 className="text-3xl font-bold md:text-4xl">{service.title}</h1>
          <p className="mt-3 max-w-2xl text-soft">{service.description}</p>
          <p
            className="mt-4 inline-flex items-center gap-2 rounded-full border border-line bg-canvas px-3 py-1 text-sm"
            data-testid="service-status"
          >
            <span
              aria-hidden="true"
              className={`h-2 w-2 rounded-full ${service.status === 'live' ? 'bg-emerald-400' : 'bg-amber-400'}`}
            />
            {service.status === 'live'
              ? 'Live'
              : 'In development — launching on the same accounts, ledger and $FAR'}
          </p>
        </div>
      </header>
      <section className="rounded-2xl border border-line bg-surface p-6" aria-labelledby="features">
        <h2 id="features" className="mb-3 text-xl font-semibold">
          What it will do
        </h2>
        <ul className="list-inside list-disc space-y-1 text-soft">
          {features.map((feature) => (
            <li key={feature}>{feature}</li>
          ))}
        </ul>
      </section>
      {children}
      <p className="text-sm text-muted">
        Meanwhile,{' '}
        <Link href="/staking" className="text-brand-soft underline">
          stake $FAR
        </Link>{' '}
        to share in every service's revenue.
      </p>
    </article>
  );
}
