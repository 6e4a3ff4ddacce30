import type { Metadata } from 'next';
import { ApiKeys } from '@/components/account/ApiKeys';
import { PageHeader } from '@/components/ui/PageHeader';
import { SignInRequired } from '@/components/ui/SignInRequired';

export const metadata: Metadata = { title: 'API keys' };

export default function AccountPage() {
  return (
    <>
      <PageHeader
        title="API keys"
        lead="Keys for the OpenAI-compatible API. Each is shown once; revoke any you no longer use."
      />
      <SignInRequired what="your API keys">
        <ApiKeys />
      </SignInRequired>
    </>
  );
}
