import type { Metadata } from 'next';
import { ServicePage } from '@/components/home/ServicePage';
import { getService } from '@/lib/services/services';

export const metadata: Metadata = { title: getService('gamed').title };

export default function GamedPage() {
  return (
    <ServicePage
      id="gamed"
      features={[
        'Game distribution with ERC-1155 licences you truly own',
        'Studios paid per sale in $FAR, with revenue shared to stakers',
        "Resale and transfer of licences under the studio's rules",
      ]}
    />
  );
}
