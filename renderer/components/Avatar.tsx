import { avatarColour, initials } from './avatar';

interface AvatarProps {
  userId: string;
  name: string;
  size?: 'sm' | 'md' | 'lg';
}

/** Initials on a colour that is stable per user; decorative, so the name is given elsewhere. */
export function Avatar({ userId, name, size = 'md' }: AvatarProps) {
  return (
    <span className={`avatar avatar--${size} avatar--c${avatarColour(userId)}`} aria-hidden="true">
      {initials(name)}
    </span>
  );
}
