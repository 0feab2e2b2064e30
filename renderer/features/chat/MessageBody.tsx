import type { TimelineMessage } from '../../../shared/ipc';
import { CardMessage } from './parts/CardMessage';
import { FileAttachment } from './parts/FileAttachment';
import { ImageAttachment } from './parts/ImageAttachment';
import { MediaAttachment } from './parts/MediaAttachment';
import { MessageText } from './parts/MessageText';
import { UploadProgress } from './parts/UploadProgress';

/** What is inside the bubble, by kind: the attachment or card, then the text or caption. */
export function MessageBody({ message }: { message: TimelineMessage }) {
  const { attachment, conversationId, id } = message;
  let media: React.ReactNode = null;
  if (attachment) {
    if (message.kind === 'image') media = <ImageAttachment file={attachment} conversationId={conversationId} messageId={id} />;
    else if (message.kind === 'audio' || message.kind === 'video') media = <MediaAttachment kind={message.kind} file={attachment} conversationId={conversationId} messageId={id} />;
    else media = <FileAttachment file={attachment} conversationId={conversationId} messageId={id} />;
  } else if (message.transferId) {
    media = <UploadProgress transferId={message.transferId} />;
  }
  return (
    <>
      {media}
      {message.card && <CardMessage card={message.card} />}
      <MessageText message={message} />
    </>
  );
}

export function isMediaOnly(message: TimelineMessage): boolean {
  return (message.kind === 'image' || message.kind === 'video') && message.text.length === 0;
}
