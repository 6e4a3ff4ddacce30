import type { Metadata } from 'next';
import Link from 'next/link';
import { BatchList } from '@/components/inference/BatchList';
import { ModelTable } from '@/components/inference/ModelTable';
import { PageHeader } from '@/components/ui/PageHeader';

export const metadata: Metadata = { title: 'Far Inference' };

export default function InferencePage() {
  return (
    <>
      <PageHeader
        title="Far Inference"
        lead="OpenAI-compatible LLM inference served by community GPUs. Pay per token in FAR from your deposit."
      >
        <Link
          href="/inference/playground"
          className="rounded-lg bg-brand px-5 py-2 font-semibold text-white hover:bg-brand-strong focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-soft"
        >
          Open the playground
        </Link>
      </PageHeader>
      <ModelTable />
      <section className="mt-6 rounded-2xl border border-line bg-surface p-6">
        <h2 className="mb-2 text-xl font-semibold">Use it from code</h2>
        <p className="mb-3 text-sm text-muted">
          Create an API key on the{' '}
          <Link href="/account" className="text-brand-soft underline">
            account page
          </Link>
          , then point any OpenAI client at this site:
        </p>
        <pre className="overflow-x-auto rounded-lg bg-canvas p-4 text-sm">
          <code>{`curl $ORIGIN/v1/chat/completions \\
  -H "Authorization: Bearer $FAR_API_KEY" -H "Content-Type: application/json" \\
  -d '{"model":"<model id>","messages":[{"role":"user","content":"Hello"}],"stream":true}'`}</code>
        </pre>
      </section>
      <BatchList />
    </>
  );
}
