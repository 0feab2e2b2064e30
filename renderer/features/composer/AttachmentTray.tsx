import { useTranslation } from 'react-i18next';
import { translateError } from '../../i18n/errors';
import { fileCategory, fileExtension, formatBytes } from '../transfers/format';
import type { StagedAttachment } from './useAttachments';

/** Files waiting to go with the next message: a preview, name and size, progress, and remove. */
export function AttachmentTray({ items, onRemove }: { items: StagedAttachment[]; onRemove: (key: number) => void }) {
  const { t, i18n } = useTranslation();
  if (items.length === 0) return null;
  return (
    <ul className="attachment-tray" data-testid="attachment-tray" aria-label={t('attachments.label')}>
      {items.map((item) => {
        const percent = item.size > 0 ? Math.round((item.bytesDone / item.size) * 100) : 100;
        const category = fileCategory(item.type, item.name);
        return (
          <li key={item.key} className={`attachment attachment--${item.state}`} data-testid="attachment" data-state={item.state}>
            {item.previewUrl ? (
              <img className="attachment__thumb" src={item.previewUrl} alt="" width={48} height={48} />
            ) : (
              <span className={`file-icon file-icon--${category} attachment__thumb`} aria-hidden="true">
                {fileExtension(item.name).slice(0, 4).toUpperCase()}
              </span>
            )}
            <span className="attachment__info">
              <span className="attachment__name" title={item.name} dir="auto">
                {item.name}
              </span>
              <span className="attachment__meta">
                {item.state === 'failed' ? (
                  <span className="attachment__error" role="alert">
                    {translateError(t, item.error)}
                  </span>
                ) : item.state === 'staging' ? (
                  <progress max={100} value={percent} aria-label={t('attachments.preparing', { name: item.name })} />
                ) : (
                  formatBytes(item.size, i18n.language)
                )}
              </span>
            </span>
            <button
              type="button"
              className="icon-button attachment__remove"
              data-testid="attachment-remove"
              aria-label={t('attachments.remove', { name: item.name })}
              title={t('attachments.remove', { name: item.name })}
              onClick={() => onRemove(item.key)}
            >
              <span aria-hidden="true">×</span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
