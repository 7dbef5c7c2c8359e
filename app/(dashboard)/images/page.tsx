import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ImagesView } from '@/components/images/images-view';
import { Spinner } from '@/components/ui/spinner';
import { requirePageSession } from '@/lib/server/page-session';

export const metadata: Metadata = { title: 'Images' };

export default async function ImagesPage() {
  const session = await requirePageSession();
  return (
    <Suspense fallback={<Spinner label="Loading images" />}>
      <ImagesView project={session.project} />
    </Suspense>
  );
}
