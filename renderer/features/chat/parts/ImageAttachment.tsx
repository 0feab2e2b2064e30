import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FileInfo } from '../../../../shared/protocol/entities';
import { Dialog } from '../../../components/Dialog';
import { Spinner } from '../../../components/Spinner';
import { useMediaUrl } from '../../../data/media';
import { DownloadControls } from './FileAttachment';

/** The box a thumbnail gets in the timeline; the image scales down into it, never up. */
const MAX_W = 320;
const MAX_H = 240;
const FALLBACK = { width: 240, height: 180 };

/** The size to reserve before the image loads, so rows do not jump as pictures arrive. */
export function thumbnailBox(file: Pick<FileInfo, 'width' | 'height'>): { width: number; height: number } {
  if (!file.width || !file.height) return FALLBACK;
  const scale = Math.min(1, MAX_W / file.width, MAX_H / file.height);
  return { width: Math.max(24, Math.round(file.width * scale)), height: Math.max(24, Math.round(file.height * scale)) };
}

export function ImageAttachment({ file, conversationId, messageId }: { file: FileInfo; conversationId: string; messageId: string | null }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  // The server serves a thumbnail by its original's id (FILE_ROUTES.thumbnail). No thumbnail was
  // made (small or unusual images): the original is the preview.
  const preview = useMediaUrl(file.id, file.thumbnailFileId ? 'thumbnail' : 'original');
  const box = thumbnailBox(file);
  return (
    <>
      <button
        type="button"
        className="image-attachment"
        data-testid="image-attachment"
        style={{ width: box.width, height: box.height }}
        aria-label={t('timeline.openImage', { name: file.name })}
        onClick={() => setOpen(true)}
      >
        {preview.url ? (
          <img src={preview.url} alt={file.name} width={box.width} height={box.height} draggable={false} data-testid="image-thumbnail" />
        ) : preview.isError ? (
          <span className="image-attachment__missing">{t('timeline.imageUnavailable')}</span>
        ) : (
          <Spinner />
        )}
      </button>
      {open && <ImagePreview file={file} conversationId={conversationId} messageId={messageId} onClose={() => setOpen(false)} />}
    </>
  );
}

function ImagePreview({ file, conversationId, messageId, onClose }: { file: FileInfo; conversationId: string; messageId: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const original = useMediaUrl(file.id, 'original');
  return (
    <Dialog title={file.name} onClose={onClose} testId="image-preview" className="dialog--image">
      <div className="image-preview">
        {original.url ? (
          <img src={original.url} alt={file.name} data-testid="image-full" />
        ) : original.isError ? (
          <p className="muted">{t('timeline.imageUnavailable')}</p>
        ) : (
          <Spinner />
        )}
      </div>
      {messageId && <DownloadControls file={file} conversationId={conversationId} messageId={messageId} />}
    </Dialog>
  );
}
