import type { ReactNode } from 'react';

/** Title and one-line lead for a page. */
export function PageHeader({
  title,
  lead,
  children,
}: {
  title: string;
  lead?: string;
  children?: ReactNode;
}) {
  return (
    <header className="mb-8 flex flex-col gap-4 md:flex-row md:items-end md:justify-between">
      <div>
        <h1 className="bg-gradient-to-r from-brand-soft to-brand-pale bg-clip-text text-3xl font-bold text-transparent md:text-4xl">
          {title}
        </h1>
        {lead ? <p className="mt-2 max-w-2xl text-muted">{lead}</p> : null}
      </div>
      {children}
    </header>
  );
}
