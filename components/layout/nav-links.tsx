'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';

const links = [
  { href: '/instances', label: 'Instances' },
  { href: '/images', label: 'Images' },
  { href: '/schedules', label: 'Schedules' },
  { href: '/guide/consistency', label: 'Consistency guide' },
];

export function NavLinks() {
  const path = usePathname();
  return (
    <nav aria-label="Main">
      <ul className="flex gap-1">
        {links.map((l) => {
          const active = path === l.href || path.startsWith(`${l.href}/`);
          return (
            <li key={l.href}>
              <Link
                href={l.href}
                aria-current={active ? 'page' : undefined}
                className={`rounded-md px-3 py-1.5 text-sm font-medium ${active ? 'bg-sky-100 text-sky-900 dark:bg-sky-900 dark:text-sky-100' : 'text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800'}`}
              >
                {l.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
