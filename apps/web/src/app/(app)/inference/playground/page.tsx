import type { Metadata } from 'next';
import { Suspense } from 'react';
import { Playground } from '@/components/inference/Playground';
import { PageHeader } from '@/components/ui/PageHeader';

export const metadata: Metadata = { title: 'Playground' };

export default function PlaygroundPage() {
  return (
    <>
      <PageHeader
        title="Playground"
        lead="Run a prompt on the network and watch it stream, with speed and cost."
      />
      <Suspense fallback={<p className="text-muted">Loading playground…</p>}>
        <Playground />
      </Suspense>
    </>
  );
}
