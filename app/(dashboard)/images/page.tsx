import type { Metadata } from 'next';

export const metadata: Metadata = { title: 'Images' };

export default function ImagesPage() {
  return <h1 className="text-xl font-semibold">Images</h1>;
}
