import Link from 'next/link';
import type { Service } from '@/lib/services/services';

/**
 * One service card: gradient wash and a glow that follows the pointer on hover (seed §4.3). The
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
        className="relative block h-full overflow-hidden rounded-2xl border border-[#2D2D2D] bg-[#1A1A1A] p-8 transition-all duration-300 hover:border-[#7C3AED] hover:shadow-[0_0_40px_rgba(124,58,237,0.3)] focus-visible:border-[#7C3AED] focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-[#A78BFA]"
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
              'radial-gradient(600px circle at var(--mouse-x, 50%) var(--mouse-y, 50%), rgba(124, 58, 237, 0.1), transparent 40%)',
          }}
        />
        <div className="relative z-10">
          <div
            aria-hidden="true"
            className="mb-4 text-5xl opacity-80 transition-opacity group-hover:opacity-100"
          >
            {service.icon}
          </div>
          <h3 className="mb-3 bg-gradient-to-r from-[#A78BFA] to-[#C4B5FD] bg-clip-text text-2xl font-bold text-transparent">
            {service.title}
          </h3>
          <p className="leading-relaxed text-[#A3A3A3]">{service.description}</p>
          <div className="mt-6 flex items-center justify-between font-semibold text-[#A78BFA]">
            <span className="transition-transform group-hover:translate-x-2">Explore →</span>
            <span className="rounded-full border border-[#2D2D2D] px-2 py-0.5 text-xs font-normal text-[#D4D4D4]">
              {service.status === 'live' ? 'Live' : 'Coming soon'}
            </span>
          </div>
        </div>
      </Link>
    </li>
  );
}
