import type { Metadata } from 'next';
import { MyRevenue } from '@/components/revenue/MyRevenue';
import { NetworkRevenue } from '@/components/revenue/NetworkRevenue';
import { RevenueCalculator } from '@/components/revenue/RevenueCalculator';
import { PageHeader } from '@/components/ui/PageHeader';
import { SignInRequired } from '@/components/ui/SignInRequired';

export const metadata: Metadata = { title: 'Revenue' };

export default function RevenuePage() {
  return (
    <>
      <PageHeader
        title="Revenue"
        lead="What each Far Labs service earns and hands to stakers, a forecast built on those figures, and what you earned."
      />
      <div className="flex flex-col gap-6">
        <NetworkRevenue />
        <RevenueCalculator />
        <SignInRequired what="your revenue by service">
          <MyRevenue />
        </SignInRequired>
      </div>
    </>
  );
}
