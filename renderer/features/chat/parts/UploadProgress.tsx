import { useTranslation } from 'react-i18next';
import { useTransfers } from '../../../data/transfers';
import { formatBytes } from '../../transfers/format';

/** An outbox message whose file is still uploading: its name and how far along it is. */
export function UploadProgress({ transferId }: { transferId: string }) {
  const { t, i18n } = useTranslation();
  const { data } = useTransfers();
  const transfer = data?.find((x) => x.id === transferId);
  if (!transfer) return null;
  const percent = transfer.size > 0 ? Math.round((transfer.bytesDone / transfer.size) * 100) : 0;
  return (
    <div className="upload-progress" data-testid="upload-progress" data-state={transfer.state}>
      <span className="upload-progress__name" dir="auto">
        {transfer.name}
      </span>
      <progress max={100} value={percent} aria-label={t('transfers.progressLabel', { name: transfer.name })} />
      <span className="muted">
        {formatBytes(transfer.bytesDone, i18n.language)} / {formatBytes(transfer.size, i18n.language)}
      </span>
    </div>
  );
}
