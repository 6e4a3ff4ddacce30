import type { Metadata } from 'next';
import { ServicePage } from '@/components/home/ServicePage';
import { getService } from '@/lib/services/services';

export const metadata: Metadata = { title: getService('gaming').title };

export default function GamingPage() {
  return (
    <ServicePage
      id="gaming"
      features={[
        'Play-to-earn tournaments with prize pools held in an on-chain escrow',
        'Player accounts and wallets shared with every Far Labs service',
        'In-game purchases and rewards settled in $FAR',
      ]}
    />
  );
}
