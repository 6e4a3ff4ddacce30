import { Bot } from 'lucide-react';

/** A twin's picture (an https or data URL the owner set), or a bot icon when it has none. */
export function TwinAvatar({
  avatar,
  name,
  size = 'md',
}: {
  avatar: string | null;
  name: string;
  size?: 'md' | 'lg';
}) {
  const box = size === 'lg' ? 'size-16' : 'size-12';
  if (!avatar) {
    return (
      <span
        className={`${box} flex shrink-0 items-center justify-center rounded-full bg-surface-raised text-brand-soft`}
      >
        <Bot aria-hidden="true" className="size-1/2" />
      </span>
    );
  }
  return (
    // biome-ignore lint/performance/noImgElement: an owner's data: or https avatar, not a build-time asset
    <img src={avatar} alt={`${name}'s avatar`} className={`${box} shrink-0 rounded-full object-cover`} />
  );
}
