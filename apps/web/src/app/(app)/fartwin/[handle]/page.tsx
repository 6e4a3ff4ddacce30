import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { TwinView } from '@/components/fartwin/TwinView';

export const metadata: Metadata = { title: 'Twin · FarTwin AI' };

export default async function TwinPage({ params }: { params: Promise<{ handle: string }> }) {
  const { handle } = await params;
  if (!/^[a-z0-9](-?[a-z0-9]){2,39}$/.test(handle)) notFound();
  return <TwinView handle={handle} />;
}
