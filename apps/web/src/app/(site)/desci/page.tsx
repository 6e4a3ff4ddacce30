import type { Metadata } from 'next';
import { ServicePage } from '@/components/home/ServicePage';
import { getService } from '@/lib/services/services';

export const metadata: Metadata = { title: getService('desci').title };

export default function DesciPage() {
  return (
    <ServicePage
      id="desci"
      features={[
        'Research proposals funded through milestone-based escrow',
        'Compute for experiments on the Far GPU network',
        'Open, verifiable records of funding and results',
      ]}
    />
  );
}
