import { useTranslation } from 'react-i18next';
import type { Transfer } from '../../../shared/ipc';
import { MagpieError } from '../../../shared/errors';
import { isActive, useTransferAction } from '../../data/transfers';
import { translateError } from '../../i18n/errors';
import { formatBytes } from './format';

function Action({ id, label, onClick, disabled }: { id: string; label: string; onClick: () => void; disabled?: boolean }) {
  return (
    <button type="button" className="link-button" data-testid={`transfer-${id}`} disabled={disabled} onClick={onClick}>
      {label}
    </button>
  );
}

/** One upload or download: progress, speed and what is left while it runs; what can be done with it. */
export function TransferRow({ transfer }: { transfer: Transfer }) {
  const { t, i18n } = useTranslation();
  const cancel = useTransferAction('transfers.cancel');
  const retry = useTransferAction('transfers.retry');
  const remove = useTransferAction('transfers.remove');
  const open = useTransferAction('transfers.open');
  const reveal = useTransferAction('transfers.showInFolder');
  const bytes = (n: number) => formatBytes(n, i18n.language);
  const active = isActive(transfer);
  const percent = transfer.size > 0 ? Math.min(100, Math.round((transfer.bytesDone / transfer.size) * 100)) : transfer.state === 'done' ? 100 : 0;
  const left = Math.max(0, transfer.size - transfer.bytesDone);
  const error = cancel.error ?? retry.error ?? remove.error ?? open.error ?? reveal.error ?? (transfer.error ? MagpieError.fromShape(transfer.error) : null);

  let detail: string;
  if (transfer.state === 'running' && transfer.bytesPerSecond > 0) {
    detail = t('transfers.runningDetail', { done: bytes(transfer.bytesDone), size: bytes(transfer.size), speed: bytes(transfer.bytesPerSecond), left: bytes(left) });
  } else if (active) {
    detail = t('transfers.progressDetail', { done: bytes(transfer.bytesDone), size: bytes(transfer.size) });
  } else {
    detail = bytes(transfer.size);
  }

  return (
    <li className={`transfer transfer--${transfer.state}`} data-testid="transfer" data-transfer-id={transfer.id} data-state={transfer.state} data-direction={transfer.direction}>
      <span className={`transfer__direction transfer__direction--${transfer.direction}`} aria-hidden="true">
        {transfer.direction === 'upload' ? '↑' : '↓'}
      </span>
      <div className="transfer__main">
        <div className="transfer__head">
          <span className="transfer__name" title={transfer.name} dir="auto">
            {transfer.name}
          </span>
          <span className="transfer__state">{t(`transfers.state.${transfer.state}`)}</span>
        </div>
        {active && <progress className="transfer__bar" max={100} value={percent} aria-label={t('transfers.progressLabel', { name: transfer.name })} />}
        <div className="transfer__meta muted">
          <span>{t(transfer.direction === 'upload' ? 'transfers.upload' : 'transfers.downloadLabel')}</span>
          <span data-testid="transfer-detail">{detail}</span>
        </div>
        {error && (
          <p className="transfer__error" role="alert">
            {translateError(t, error)}
          </p>
        )}
      </div>
      <div className="transfer__actions">
        {active && <Action id="cancel" label={t('transfers.cancel')} onClick={() => cancel.mutate(transfer.id)} disabled={cancel.isPending} />}
        {(transfer.state === 'failed' || transfer.state === 'cancelled') && <Action id="retry" label={t('transfers.retry')} onClick={() => retry.mutate(transfer.id)} disabled={retry.isPending} />}
        {transfer.state === 'done' && transfer.direction === 'download' && (
          <>
            <Action id="open" label={t('transfers.open')} onClick={() => open.mutate(transfer.id)} />
            <Action id="show" label={t('transfers.showInFolder')} onClick={() => reveal.mutate(transfer.id)} />
          </>
        )}
        {!active && <Action id="remove" label={t('transfers.remove')} onClick={() => remove.mutate(transfer.id)} disabled={remove.isPending} />}
      </div>
    </li>
  );
}
