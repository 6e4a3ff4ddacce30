import type { ButtonHTMLAttributes } from 'react';

type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & { variant?: 'primary' | 'secondary' | 'danger' };

const variants = {
  primary: 'bg-brand text-white hover:bg-brand-strong disabled:bg-brand-dim',
  secondary: 'border border-line bg-surface-raised text-white hover:border-brand',
  danger: 'border border-red-900 bg-danger-surface text-red-200 hover:border-red-500',
} as const;

/** The app's button: visible focus ring, disabled look, three variants. */
export function Button({ variant = 'primary', className = '', type = 'button', ...props }: ButtonProps) {
  return (
    <button
      type={type}
      className={`inline-flex items-center justify-center gap-2 rounded-lg px-4 py-2 font-semibold transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-soft disabled:cursor-not-allowed disabled:opacity-60 ${variants[variant]} ${className}`}
      {...props}
    />
  );
}
