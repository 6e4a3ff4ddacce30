import { HeroSection } from '@/components/home/HeroSection';
import { ServiceGrid } from '@/components/home/ServiceGrid';
import { StatsSection } from '@/components/home/StatsSection';
import { services } from '@/lib/services/services';

export default function HomePage() {
  return (
    <>
      <HeroSection />
      <StatsSection />
      <ServiceGrid services={services} />
    </>
  );
}
