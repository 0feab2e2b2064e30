import { useTranslation } from 'react-i18next';
import { Dialog } from '../../components/Dialog';
import { Spinner } from '../../components/Spinner';
import { isActive, useTransfers } from '../../data/transfers';
import { translateError } from '../../i18n/errors';
import { useUiStore } from '../../state/ui-store';
import { TransferRow } from './TransferRow';

/** Every upload and download of this computer, running ones first. */
export function TransfersPanel() {
  const { t } = useTranslation();
  const close = useUiStore((s) => s.closeDialog);
  const transfers = useTransfers();
  const list = transfers.data ?? [];
  const running = list.filter(isActive);
  const finished = list.filter((x) => !isActive(x));
  return (
    <Dialog title={t('transfers.title')} onClose={close} testId="transfers-panel" className="dialog--wide">
      {transfers.isPending ? (
        <p className="muted" role="status">
          <Spinner /> {t('transfers.loading')}
        </p>
      ) : transfers.isError ? (
        <p className="form-error" role="alert">
          {translateError(t, transfers.error)}
        </p>
      ) : list.length === 0 ? (
        <p className="muted" data-testid="transfers-empty">
          {t('transfers.empty')}
        </p>
      ) : (
        <>
          {running.length > 0 && (
            <section aria-label={t('transfers.active')}>
              <h3 className="transfers__heading">{t('transfers.active')}</h3>
              <ul className="transfers__list">{running.map((x) => <TransferRow key={x.id} transfer={x} />)}</ul>
            </section>
          )}
          {finished.length > 0 && (
            <section aria-label={t('transfers.finished')}>
              <h3 className="transfers__heading">{t('transfers.finished')}</h3>
              <ul className="transfers__list">{finished.map((x) => <TransferRow key={x.id} transfer={x} />)}</ul>
            </section>
          )}
        </>
      )}
    </Dialog>
  );
}

/** The sidebar's way in, with a badge counting what is still moving. */
export function TransfersButton() {
  const { t } = useTranslation();
  const { data } = useTransfers();
  const openDialog = useUiStore((s) => s.openDialog);
  const active = (data ?? []).filter(isActive).length;
  const label = active > 0 ? t('transfers.buttonActive', { count: active }) : t('transfers.title');
  return (
    <button type="button" className="icon-button transfers-button" data-testid="transfers-button" aria-label={label} title={label} onClick={() => openDialog('transfers')}>
      <span className="icon icon--transfers" aria-hidden="true" />
      {active > 0 && (
        <span className="badge transfers-button__badge" data-testid="transfers-badge" aria-hidden="true">
          {active}
        </span>
      )}
    </button>
  );
}
