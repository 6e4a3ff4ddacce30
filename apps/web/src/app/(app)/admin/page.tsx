import type { Metadata } from 'next';
import { OperatorConsole } from '@/components/admin/OperatorConsole';
import { PageHeader } from '@/components/ui/PageHeader';
import { SignInRequired } from '@/components/ui/SignInRequired';

export const metadata: Metadata = { title: 'Operator console' };

export default function AdminPage() {
  return (
    <>
      <PageHeader
        title="Operator console"
        lead="Every lever of the network in one place. Each action needs a reason and is written to the audit log; money-moving and pausing actions are signed by your wallet at the moment you take them."
      />
      <SignInRequired what="the operator console">
        <OperatorConsole />
      </SignInRequired>
    </>
  );
}
