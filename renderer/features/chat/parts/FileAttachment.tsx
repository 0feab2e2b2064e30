import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { FileInfo } from '../../../../shared/protocol/entities';
import { useDownload, useDownloadOf, useTransferAction } from '../../../data/transfers';
import { translateError } from '../../../i18n/errors';
import { MagpieError } from '../../../../shared/errors';
import { fileCategory, fileExtension, formatBytes } from '../../transfers/format';

/** Download, its progress, then open / show in folder: the same for files and image previews. */
export function DownloadControls({ file, conversationId, messageId }: { file: FileInfo; conversationId: string; messageId: string }) {
  const { t, i18n } = useTranslation();
  const transfer = useDownloadOf(file.id);
  const download = useDownload();
  const open = useTransferAction('transfers.open');
  const reveal = useTransferAction('transfers.showInFolder');
  const retry = useTransferAction('transfers.retry');
  const root = useRef<HTMLDivElement>(null);
  const start = () => {
    // The button gives way to the progress bar: keep focus here, not on the page, so Escape still
    // closes the image preview around it and Tab goes on from here.
    root.current?.focus();
    download.mutate({ conversationId, messageId });
  };
  const error = download.error ?? open.error ?? reveal.error ?? (transfer?.error ? MagpieError.fromShape(transfer.error) : null);

  let controls: React.ReactNode;
  if (transfer && (transfer.state === 'running' || transfer.state === 'queued' || transfer.state === 'paused')) {
    const percent = transfer.size > 0 ? Math.round((transfer.bytesDone / transfer.size) * 100) : 0;
    controls = (
      <span className="file-download__progress">
        <progress max={100} value={percent} data-testid="download-progress" aria-label={t('transfers.progressLabel', { name: file.name })} />
        <span className="muted">{t('transfers.percent', { percent })}</span>
      </span>
    );
  } else if (transfer?.state === 'done') {
    controls = (
      <>
        <button type="button" className="link-button" data-testid="download-open" onClick={() => open.mutate(transfer.id)}>
          {t('transfers.open')}
        </button>
        <button type="button" className="link-button" data-testid="download-show" onClick={() => reveal.mutate(transfer.id)}>
          {t('transfers.showInFolder')}
        </button>
      </>
    );
  } else if (transfer?.state === 'failed') {
    controls = (
      <button type="button" className="link-button" data-testid="download-retry" onClick={() => retry.mutate(transfer.id)}>
        {t('transfers.retry')}
      </button>
    );
  } else {
    controls = (
      <button type="button" className="link-button" data-testid="download-button" disabled={download.isPending} onClick={start}>
        {t('transfers.download')}
      </button>
    );
  }
  return (
    <div ref={root} tabIndex={-1} className="file-download" data-testid="file-download" data-state={transfer?.state ?? 'none'}>
      {controls}
      {error && (
        <span className="file-download__error" role="alert" title={formatBytes(file.size, i18n.language)}>
          {translateError(t, error)}
        </span>
      )}
    </div>
  );
}

export function FileAttachment({ file, conversationId, messageId }: { file: FileInfo; conversationId: string; messageId: string | null }) {
  const { i18n } = useTranslation();
  const category = fileCategory(file.contentType, file.name);
  const extension = fileExtension(file.name).slice(0, 4).toUpperCase();
  return (
    <div className="file-attachment" data-testid="file-attachment" data-category={category}>
      <span className={`file-icon file-icon--${category}`} aria-hidden="true">
        {extension}
      </span>
      <div className="file-attachment__info">
        <span className="file-attachment__name" data-testid="file-name" title={file.name} dir="auto">
          {file.name}
        </span>
        <span className="file-attachment__size muted">{formatBytes(file.size, i18n.language)}</span>
        {messageId && <DownloadControls file={file} conversationId={conversationId} messageId={messageId} />}
      </div>
    </div>
  );
}
