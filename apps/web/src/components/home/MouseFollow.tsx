'use client';

import { useEffect } from 'react';

/**
 * One delegated pointer listener for every `[data-mouse-follow]` element: sets `--mouse-x` and
 * `--mouse-y` on the hovered card so its radial glow tracks the pointer.
 */
export function MouseFollow() {
  useEffect(() => {
    const onMove = (event: PointerEvent) => {
      const target = (event.target as Element | null)?.closest?.<HTMLElement>('[data-mouse-follow]');
      if (!target) return;
      const rect = target.getBoundingClientRect();
      target.style.setProperty('--mouse-x', `${event.clientX - rect.left}px`);
      target.style.setProperty('--mouse-y', `${event.clientY - rect.top}px`);
    };
    document.addEventListener('pointermove', onMove, { passive: true });
    return () => document.removeEventListener('pointermove', onMove);
  }, []);
  return null;
}
