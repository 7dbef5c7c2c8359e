import type { Metadata } from 'next';

export const metadata: Metadata = { title: 'Instances' };

export default function InstancesPage() {
  return <h1 className="text-xl font-semibold">Instances</h1>;
}
