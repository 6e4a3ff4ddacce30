'use client';

import { useOperatorRoles } from '@/hooks/useOperatorRoles';
import { Card } from '../ui/Card';
import { DataState } from '../ui/DataState';
import { AuditLogSection } from './AuditLogSection';
import { ChainLeversSection } from './ChainLeversSection';
import { HealthSection } from './HealthSection';
import { ModelsSection } from './ModelsSection';
import { NodesSection } from './NodesSection';
import { RolesSection } from './RolesSection';
import { SettlementSection } from './SettlementSection';
import { SlashesSection } from './SlashesSection';
import { UsersSection } from './UsersSection';

/**
 * The operator console for the signed-in wallet: each section its roles allow (the API checks
 * every route again; hiding is only for clarity).
 */
export function OperatorConsole() {
  const me = useOperatorRoles();
  return (
    <DataState query={me} empty={null}>
      {({ roles, wallet }) => {
        if (roles.length === 0) {
          return (
            <Card className="text-soft" data-testid="console-no-role">
              This wallet ({wallet}) holds no operator role. An admin grants roles from the console.
            </Card>
          );
        }
        const has = (role: (typeof roles)[number]) => roles.includes(role);
        const operates = has('operator');
        return (
          <div className="flex flex-col gap-6">
            <p className="text-sm text-muted" data-testid="console-roles">
              Signed in as {wallet} · roles: {roles.join(', ')}
            </p>
            <nav aria-label="Console sections" className="flex flex-wrap gap-3 text-sm">
              {[
                ['health', 'Health'],
                ...(operates
                  ? [
                      ['nodes', 'Nodes'],
                      ['models', 'Models'],
                      ['users', 'Users'],
                      ['slashes', 'Slashes'],
                    ]
                  : []),
                ['settlement', 'Settlement'],
                ['chain', 'Staking, price, pause'],
                ...(has('admin') ? [['roles', 'Roles']] : []),
                ['audit', 'Audit log'],
              ].map(([id, label]) => (
                <a key={id} href={`#${id}`} className="text-brand-soft hover:underline">
                  {label}
                </a>
              ))}
            </nav>
            <HealthSection />
            {operates ? <NodesSection /> : null}
            {operates ? <ModelsSection /> : null}
            {operates ? <UsersSection /> : null}
            {operates ? <SlashesSection /> : null}
            {operates || has('oracle') || has('treasurer') ? <SettlementSection /> : null}
            <ChainLeversSection roles={roles} />
            {has('admin') ? <RolesSection /> : null}
            <AuditLogSection />
          </div>
        );
      }}
    </DataState>
  );
}
