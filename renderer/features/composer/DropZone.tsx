import { useTranslation } from 'react-i18next';

/** Covers the window while files are dragged over it, naming where they will go. */
export function DropZone({ target }: { target: string }) {
  const { t } = useTranslation();
  return (
    <div className="drop-zone" data-testid="drop-zone" aria-hidden="true">
      <div className="drop-zone__panel">
        <span className="icon icon--attach drop-zone__icon" />
        <p className="drop-zone__title">{t('attachments.dropTitle', { name: target })}</p>
        <p className="muted">{t('attachments.dropHint')}</p>
      </div>
    </div>
  );
}
