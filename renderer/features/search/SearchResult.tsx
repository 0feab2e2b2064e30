import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { SearchHit } from '../../../shared/ipc';
import { useFormatters } from '../../i18n/format';
import { HighlightedText, snippet } from './highlight';

interface SearchResultProps {
  hit: SearchHit;
  id: string;
  active: boolean;
  conversationTitle: string;
  senderName: string;
  /** Found by the server's search only: history this device has not cached. */
  fromServer?: boolean;
  onOpen: (hit: SearchHit) => void;
  onHover: () => void;
}

/** One hit: where and who, when, and the text around the match with the matched words marked. */
export const SearchResult = memo(function SearchResult({ hit, id, active, conversationTitle, senderName, fromServer = false, onOpen, onHover }: SearchResultProps) {
  const { t } = useTranslation();
  const format = useFormatters();
  const { message } = hit;
  const shown = snippet(message.text, hit.highlights);
  return (
    <li
      id={id}
      role="option"
      aria-selected={active}
      className={`search-result${active ? ' search-result--active' : ''}`}
      data-testid="search-result"
      data-conversation-id={hit.conversationId}
      data-seq={message.seq ?? ''}
      data-source={fromServer ? 'server' : 'local'}
      onMouseMove={() => !active && onHover()}
      // Keep focus in the field, so the keyboard keeps working after a click elsewhere in the list.
      onMouseDown={(e) => e.preventDefault()}
      onClick={() => onOpen(hit)}
    >
      <div className="search-result__meta">
        <span className="search-result__conversation">{conversationTitle}</span>
        {/* In a direct conversation the other person is also its title: name them once. */}
        {senderName !== conversationTitle && <span className="search-result__sender">{senderName}</span>}
        <time className="search-result__time" dateTime={new Date(message.createdAt).toISOString()} title={format.full(message.createdAt)}>
          {format.listTime(message.createdAt)}
        </time>
        {fromServer && (
          <span className="search-result__source" data-testid="search-result-server" title={t('serverSearch.fromServerHint')}>
            {t('serverSearch.fromServer')}
          </span>
        )}
      </div>
      <p className="search-result__text" dir="auto">
        <HighlightedText text={shown.text} ranges={shown.ranges} />
      </p>
    </li>
  );
});
