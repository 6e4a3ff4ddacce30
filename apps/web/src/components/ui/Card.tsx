import type { HTMLAttributes } from 'react';

/** A panel: the surface colour on the page's canvas, with a line border (theme tokens in globals.css). */
export function Card({ className = '', ...props }: HTMLAttributes<HTMLElement>) {
  return <section className={`rounded-2xl border border-line bg-surface p-6 ${className}`} {...props} />;
}
