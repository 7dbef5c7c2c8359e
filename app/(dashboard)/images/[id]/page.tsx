import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { ImageDetail } from '@/components/images/image-detail';
import { requirePageSession } from '@/lib/server/page-session';
import { imageIdParams } from '@/lib/images/contract';

export const metadata: Metadata = { title: 'Image' };

export default async function ImagePage({ params }: { params: Promise<{ id: string }> }) {
  const parsed = imageIdParams.safeParse(await params);
  if (!parsed.success) notFound();
  const session = await requirePageSession();
  return <ImageDetail id={parsed.data.id} project={session.project} />;
}
