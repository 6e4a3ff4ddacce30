import type { Metadata } from 'next';
import { MyRevenue } from '@/components/revenue/MyRevenue';
import { RevenueCalculator } from '@/components/revenue/RevenueCalculator';
import { PageHeader } from '@/components/ui/PageHeader';
import { SignInRequired } from '@/components/ui/SignInRequired';

export const metadata: Metadata = { title: 'Revenue' };

export default function RevenuePage() {
  return (
    <>
      <PageHeader
        title="Revenue"
        lead="Forecast returns across the six Far Labs revenue streams, and see what you actually earned."
      />
      <div className="flex flex-col gap-6">
        <RevenueCalculator />
        <SignInRequired what="your revenue by stream">
          <MyRevenue />
        </SignInRequired>
      </div>
    </>
  );
}
