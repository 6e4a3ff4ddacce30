import type { Metadata } from 'next';
import { ServicePage } from '@/components/home/ServicePage';
import { getService } from '@/lib/services/services';

export const metadata: Metadata = { title: getService('fartwin').title };

export default function FartwinPage() {
  return (
    <ServicePage
      id="fartwin"
      features={[
        'Personal AI assistants built on Far Inference models',
        "Your twin's memory and settings tied to your wallet",
        'Pay per use in $FAR, no subscription',
      ]}
    />
  );
}
