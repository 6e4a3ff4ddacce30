'use client';

import Link from 'next/link';
import { useOperatorRoles } from '@/hooks/useOperatorRoles';

/** The navigation's Console entry, shown only to a signed-in wallet holding an operator role. */
export function OperatorConsoleLink({ className }: { className: string }) {
  const roles = useOperatorRoles();
  if (!roles.data || roles.data.roles.length === 0) return null;
  return (
    <li>
      <Link href="/admin" className={className} data-testid="nav-operator-console">
        Console
      </Link>
    </li>
  );
}
