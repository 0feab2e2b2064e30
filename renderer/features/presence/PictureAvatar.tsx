import { Avatar } from '../../components/Avatar';
import { useMediaUrl } from '../../data/media';

interface PictureAvatarProps {
  /** Whose colour the initials get (a user or a group id). */
  colourId: string;
  name: string;
  fileId: string | null | undefined;
  size?: 'sm' | 'md' | 'lg';
}

/**
 * The uploaded picture when there is one and it has loaded, else initials on the stable colour.
 * Decorative: the name is always given beside it.
 */
export function PictureAvatar({ colourId, name, fileId, size = 'md' }: PictureAvatarProps) {
  // The small preview: main fetches and caches it; initials until (or unless) it arrives.
  const { url } = useMediaUrl(fileId ?? null, 'thumbnail');
  if (!url) return <Avatar userId={colourId} name={name} size={size} />;
  return (
    <span className={`avatar avatar--${size} avatar--picture`} aria-hidden="true">
      <img src={url} alt="" className="avatar__img" draggable={false} />
    </span>
  );
}
