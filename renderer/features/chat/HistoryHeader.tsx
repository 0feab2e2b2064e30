import { useTranslation } from 'react-i18next';
import { Spinner } from '../../components/Spinner';

/** Height reserved above the first message (the list's paddingStart); the CSS uses the same value. */
export const HISTORY_HEADER_PX = 56;

interface HistoryHeaderProps {
  hasOlder: boolean;
  loading: boolean;
  peerName: string;
  onLoadOlder: () => void;
}

/** Above the oldest loaded message: a way to load older history, or the start of the conversation. */
export function HistoryHeader({ hasOlder, loading, peerName, onLoadOlder }: HistoryHeaderProps) {
  const { t } = useTranslation();
  if (!hasOlder) return <p className="timeline-history timeline-history--start">{t('chat.beginning', { name: peerName })}</p>;
  return (
    <div className="timeline-history">
      {loading ? (
        <span className="muted" role="status">
          <Spinner /> {t('chat.loadingOlder')}
        </span>
      ) : (
        <button type="button" className="button button--quiet" data-testid="load-older" onClick={onLoadOlder}>
          {t('chat.loadOlder')}
        </button>
      )}
    </div>
  );
}
