import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { Footer } from '@/components/layout/Footer';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Far Labs', template: '%s · Far Labs' },
  description: 'Decentralized AI inference, GPU DePIN and $FAR staking on BNB Smart Chain.',
};

// The browser's own chrome takes a literal colour in a meta tag: the value of --color-canvas (globals.css).
export const viewport: Viewport = { themeColor: '#0F0F0F', width: 'device-width', initialScale: 1 };

/**
 * Root layout shared by both route groups: `(site)` (landing and product pages, no wallet code)
 * and `(app)` (the wallet-backed app, with wagmi hydrated from its cookie).
 */
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-canvas font-sans text-white antialiased">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-brand focus:px-3 focus:py-2"
        >
          Skip to content
        </a>
        {children}
        <Footer />
      </body>
    </html>
  );
}
