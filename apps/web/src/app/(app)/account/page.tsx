import type { Metadata } from 'next';
import { ApiKeys } from '@/components/account/ApiKeys';
import { SecurityActivity } from '@/components/account/SecurityActivity';
import { PageHeader } from '@/components/ui/PageHeader';
import { SignInRequired } from '@/components/ui/SignInRequired';

export const metadata: Metadata = { title: 'API keys & security' };

export default function AccountPage() {
  return (
    <>
      <PageHeader
        title="API keys"
        lead="Keys for the OpenAI-compatible API. Each is shown once; revoke any you no longer use. Below, every sign-in, key change, deposit and withdrawal on your account."
      />
      <SignInRequired what="your API keys and account activity">
        <div className="flex flex-col gap-6">
          <ApiKeys />
          <SecurityActivity />
        </div>
      </SignInRequired>
    </>
  );
}
