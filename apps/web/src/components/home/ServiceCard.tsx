import { ArrowRight } from 'lucide-react';
import Link from 'next/link';
import type { Service } from '@/lib/services/services';

/**
 * One service card: gradient wash and a glow that follows the pointer on hover. The
 * pointer position comes from ServiceGrid's single listener through CSS variables, so a card is a
 * server component and ships no JavaScript of its own.
 */
export function ServiceCard({ service, index }: { service: Service; index: number }) {
  return (
    <li
      className="card-enter group relative"
      style={{ animationDelay: `${index * 80}ms` }}
      data-service={service.id}
    >
      <Link
        href={service.href}
        data-mouse-follow
        className="relative block h-full overflow-hidden rounded-2xl border border-line bg-surface p-8 transition-all duration-300 hover:border-brand hover:shadow-[0_0_40px_color-mix(in_oklab,var(--color-brand)_30%,transparent)] focus-visible:border-brand focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-soft"
      >
        <div
          aria-hidden="true"
          className="absolute inset-0 opacity-0 transition-opacity duration-500 group-hover:opacity-100"
        >
          <div className={`absolute inset-0 bg-gradient-to-br ${service.gradient} opacity-10`} />
        </div>
        <div
          aria-hidden="true"
          className="absolute inset-0 opacity-0 transition-opacity duration-300 group-hover:opacity-100"
          style={{
            background:
              'radial-gradient(600px circle at var(--mouse-x, 50%) var(--mouse-y, 50%), color-mix(in oklab, var(--color-brand) 10%, transparent), transparent 40%)',
          }}
        />
        <div className="relative z-10">
          <service.icon
            aria-hidden="true"
            className="mb-4 size-12 text-brand-soft opacity-80 transition-opacity group-hover:opacity-100"
            strokeWidth={1.5}
          />
          <h3 className="mb-3 bg-gradient-to-r from-brand-soft to-brand-pale bg-clip-text text-2xl font-bold text-transparent">
            {service.title}
          </h3>
          <p className="leading-relaxed text-muted">{service.description}</p>
          <div className="mt-6 flex items-center justify-between font-semibold text-brand-soft">
            <span className="inline-flex items-center gap-1 transition-transform group-hover:translate-x-2">
              Explore <ArrowRight aria-hidden="true" className="size-4" />
            </span>
            <span className="rounded-full border border-line px-2 py-0.5 text-xs font-normal text-soft">
              {service.status === 'live' ? 'Live' : 'Coming soon'}
            </span>
          </div>
        </div>
      </Link>
    </li>
  );
}
