import type { Service } from '@/lib/services/services';
import { MouseFollow } from './MouseFollow';
import { ServiceCard } from './ServiceCard';

/** The seven service cards. */
export function ServiceGrid({ services }: { services: readonly Service[] }) {
  return (
    <section aria-labelledby="services-heading">
      <h2 id="services-heading" className="mb-6 text-2xl font-bold">
        Seven services, one token
      </h2>
      <MouseFollow />
      <ul className="grid gap-6 md:grid-cols-2 lg:grid-cols-3" data-testid="service-grid">
        {services.map((service, index) => (
          <ServiceCard key={service.id} service={service} index={index} />
        ))}
      </ul>
    </section>
  );
}
