import type { ButtonHTMLAttributes } from 'react';

type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & { variant?: 'primary' | 'secondary' | 'danger' };

const variants = {
  primary: 'bg-[#7C3AED] text-white hover:bg-[#6D28D9] disabled:bg-[#4C2A85]',
  secondary: 'border border-[#2D2D2D] bg-[#262626] text-white hover:border-[#7C3AED]',
  danger: 'border border-red-900 bg-[#2A1515] text-red-200 hover:border-red-500',
} as const;

/** The app's button: visible focus ring, disabled look, three variants. */
export function Button({ variant = 'primary', className = '', type = 'button', ...props }: ButtonProps) {
  return (
    <button
      type={type}
      className={`inline-flex items-center justify-center gap-2 rounded-lg px-4 py-2 font-semibold transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-[#A78BFA] disabled:cursor-not-allowed disabled:opacity-60 ${variants[variant]} ${className}`}
      {...props}
    />
  );
}
