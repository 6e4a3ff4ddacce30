import type { Metadata } from 'next';
import Link from 'next/link';
import { TwinGallery } from '@/components/fartwin/TwinGallery';
import { PageHeader } from '@/components/ui/PageHeader';

export const metadata: Metadata = { title: 'FarTwin AI' };

export default function FartwinPage() {
  return (
    <>
      <PageHeader
        title="FarTwin AI"
        lead="Digital twins that know what their creator gave them, remember only what you let them, and earn their creator FAR per use. Every twin is a model id on the OpenAI-compatible API: model twin:<handle>."
      >
        <Link
          href="/fartwin/studio"
          className="rounded-lg bg-brand px-5 py-2 font-semibold text-white hover:bg-brand-strong focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-soft"
        >
          Open your studio
        </Link>
      </PageHeader>
      <TwinGallery />
    </>
  );
}
