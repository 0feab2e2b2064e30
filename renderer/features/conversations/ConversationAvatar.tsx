import type { ConversationSummary } from '../../../shared/ipc';
import type { Presence } from '../../../shared/protocol/entities';
import { PictureAvatar } from '../presence/PictureAvatar';
import { PresenceDot } from '../presence/PresenceDot';
import { peerOf } from './peer';

interface ConversationAvatarProps {
  conversation: ConversationSummary;
  meId: string;
  title: string;
  /** Direct conversations with someone else: their presence, shown as a dot. */
  presence?: Presence | null;
  size?: 'sm' | 'md' | 'lg';
}

/** A group's picture (or initials of its title), or the peer's, with their presence dot. */
export function ConversationAvatar({ conversation, meId, title, presence, size = 'md' }: ConversationAvatarProps) {
  const peer = peerOf(conversation, meId);
  const fileId = conversation.kind === 'group' ? conversation.avatarFileId : peer?.avatarFileId;
  return (
    <span className="avatar-wrap">
      <PictureAvatar colourId={peer?.id ?? conversation.id} name={title} fileId={fileId} size={size} />
      {presence && peer && peer.id !== meId && <PresenceDot presence={presence} />}
    </span>
  );
}
