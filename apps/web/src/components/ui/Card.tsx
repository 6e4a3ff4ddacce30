import type { HTMLAttributes } from 'react';

/** A surface in the seed's palette: #1A1A1A on #0F0F0F with a #2D2D2D border. */
export function Card({ className = '', ...props }: HTMLAttributes<HTMLElement>) {
  return (
    <section className={`rounded-2xl border border-[#2D2D2D] bg-[#1A1A1A] p-6 ${className}`} {...props} />
  );
}
