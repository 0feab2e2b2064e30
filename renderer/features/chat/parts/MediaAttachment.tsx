import { useTranslation } from 'react-i18next';
import type { FileInfo } from '../../../../shared/protocol/entities';
import { Spinner } from '../../../components/Spinner';
import { useMediaUrl } from '../../../data/media';
import { FileAttachment } from './FileAttachment';
import { thumbnailBox } from './ImageAttachment';

/** Audio or video played from main's media cache, with the file card below to save it. */
export function MediaAttachment({ kind, file, conversationId, messageId }: { kind: 'audio' | 'video'; file: FileInfo; conversationId: string; messageId: string | null }) {
  const { t } = useTranslation();
  const media = useMediaUrl(file.id, 'original');
  const box = thumbnailBox(file);
  let player: React.ReactNode;
  if (!media.url) player = media.isError ? <p className="muted">{t('timeline.mediaUnavailable')}</p> : <Spinner />;
  else if (kind === 'audio') player = <audio controls preload="metadata" src={media.url} data-testid="audio-player" aria-label={file.name} />;
  else {
    player = (
      <video controls preload="metadata" src={media.url} data-testid="video-player" aria-label={file.name} width={box.width} height={box.height} />
    );
  }
  return (
    <div className={`media-attachment media-attachment--${kind}`} style={kind === 'video' ? { minHeight: box.height } : undefined}>
      {player}
      <FileAttachment file={file} conversationId={conversationId} messageId={messageId} />
    </div>
  );
}
