import type { Metadata } from 'next';
import { RecentTasks } from '@/components/inference/RecentTasks';
import { PageHeader } from '@/components/ui/PageHeader';
import { SignInRequired } from '@/components/ui/SignInRequired';
import { DepositWithdraw } from '@/components/web3/DepositWithdraw';
import { SpendingAuthorization } from '@/components/web3/SpendingAuthorization';
import { TokenBalance } from '@/components/web3/TokenBalance';
import { TransactionHistory } from '@/components/web3/TransactionHistory';

export const metadata: Metadata = { title: 'Dashboard' };

export default function DashboardPage() {
  return (
    <>
      <PageHeader
        title="Dashboard"
        lead="Your FAR in the wallet, deposited, staked and earned; tasks and transactions."
      />
      <SignInRequired what="your balances and history">
        <div className="flex flex-col gap-6">
          <TokenBalance />
          <DepositWithdraw />
          <SpendingAuthorization />
          <RecentTasks />
          <TransactionHistory />
        </div>
      </SignInRequired>
    </>
  );
}
