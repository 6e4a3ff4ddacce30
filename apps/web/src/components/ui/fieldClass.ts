/** The classes of a full-width text input, select or textarea, so every form field looks the same. */
export const fieldClass =
  'w-full rounded-lg border border-line bg-surface-raised px-3 py-2 text-white focus:border-brand focus:outline-none';
