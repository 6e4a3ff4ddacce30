import type { Metadata } from 'next';
import { Suspense } from 'react';
import { TwinStudio } from '@/components/fartwin/TwinStudio';
import { PageHeader } from '@/components/ui/PageHeader';
import { SignInRequired } from '@/components/ui/SignInRequired';

export const metadata: Metadata = { title: 'Studio · FarTwin AI' };

export default function TwinStudioPage() {
  return (
    <>
      <PageHeader
        title="Your twin studio"
        lead="Create twins, write their persona, give them documents to cite, and set what callers pay you per million tokens."
      />
      <SignInRequired what="your twins">
        <Suspense>
          <TwinStudio />
        </Suspense>
      </SignInRequired>
    </>
  );
}
