import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SearchHit } from '../../../shared/ipc';
import type { User } from '../../../shared/protocol/entities';
import { Dialog } from '../../components/Dialog';
import { Spinner } from '../../components/Spinner';
import { useConversations } from '../../data/conversations';
import { useMessageSearch, useServerSearch } from '../../data/search';
import { useConnection } from '../../data/connection';
import { mergeHits } from './merge';
import { translateError } from '../../i18n/errors';
import { useUiStore } from '../../state/ui-store';
import { isImeEnter } from '../composer/ime';
import { conversationTitle, displayNameOf } from '../conversations/peer';
import { SearchResult } from './SearchResult';
import { useImeSafeQuery } from './useImeSafeQuery';

/** The contract's longest query (SEARCH_LIMITS.maxQueryChars). */
const MAX_QUERY_CHARS = 200;

type Scope = 'conversation' | 'all';

/**
 * Search the messages on this computer (Ctrl/Cmd+Shift+F); works offline. A combobox like the
 * quick switcher: focus stays in the field, ↑/↓ move through the results, Enter opens one.
 */
export function SearchPanel({ me }: { me: User }) {
  const { t } = useTranslation();
  const close = useUiStore((s) => s.closeDialog);
  const jumpTo = useUiStore((s) => s.jumpTo);
  const openConversationId = useUiStore((s) => s.selectedConversationId);
  const { data: conversations } = useConversations();
  const [scope, setScope] = useState<Scope>('all');
  const { query, inputProps, composing } = useImeSafeQuery(MAX_QUERY_CHARS);
  const conversationId = scope === 'conversation' ? openConversationId : null;
  const search = useMessageSearch(query, conversationId);
  const online = useConnection().data?.status === 'online';
  // The server fills in history this device has not cached; its hits follow the local ones.
  const server = useServerSearch(query, conversationId, online && search.isSuccess);
  const [active, setActive] = useState(0);
  const listId = useId();
  const inputId = useId();
  const optionId = (index: number) => `${listId}-${index}`;
  const merged = useMemo(() => mergeHits(search.results, server.results), [search.results, server.results]);
  const results = merged.map((m) => m.hit);
  const current = results.length > 0 ? Math.min(active, results.length - 1) : -1;

  useEffect(() => setActive(0), [query, conversationId]);
  useEffect(() => {
    if (current >= 0) document.getElementById(optionId(current))?.scrollIntoView?.({ block: 'nearest' });
  }, [current]);

  const byId = useMemo(() => new Map((conversations ?? []).map((c) => [c.id, c])), [conversations]);
  const open = useCallback(
    (hit: SearchHit) => {
      if (hit.message.seq !== null) jumpTo(hit.conversationId, hit.message.seq);
      else {
        useUiStore.getState().selectConversation(hit.conversationId);
        close();
      }
    },
    [jumpTo, close],
  );

  const onKeyDown = (event: React.KeyboardEvent<HTMLInputElement>) => {
    if (composing.current || isImeEnter(event.nativeEvent) || results.length === 0) return;
    const last = results.length - 1;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const down = event.key === 'ArrowDown';
      setActive(down ? (current >= last ? 0 : current + 1) : current <= 0 ? last : current - 1);
    } else if (event.key === 'Enter' && current >= 0) {
      event.preventDefault();
      open(results[current]!);
    }
  };

  let status: React.ReactNode = null;
  if (query.length === 0) status = t('search.hint');
  else if (search.isPending) status = <><Spinner /> {t('search.searching')}</>;
  else if (!search.isError) status = results.length === 0 && !server.isFetching ? t('search.noMatches', { query }) : t('search.count', { count: results.length });

  return (
    <Dialog title={t('search.title')} onClose={close} testId="search-panel" className="dialog--search">
      <label htmlFor={inputId} className="visually-hidden">
        {t('search.inputLabel')}
      </label>
      <input
        {...inputProps}
        id={inputId}
        className="input"
        type="search"
        role="combobox"
        data-testid="search-input"
        placeholder={t('search.placeholder')}
        maxLength={MAX_QUERY_CHARS}
        autoComplete="off"
        spellCheck={false}
        aria-autocomplete="list"
        aria-expanded={results.length > 0}
        aria-controls={listId}
        aria-activedescendant={current >= 0 ? optionId(current) : undefined}
        onKeyDown={onKeyDown}
      />
      {openConversationId && (
        <fieldset className="search-scope">
          <legend className="visually-hidden">{t('search.scopeLabel')}</legend>
          {(['conversation', 'all'] as const).map((value) => (
            <label key={value} className="search-scope__option">
              <input type="radio" name="search-scope" value={value} data-testid={`search-scope-${value}`} checked={scope === value} onChange={() => setScope(value)} />
              {t(value === 'conversation' ? 'search.scopeConversation' : 'search.scopeAll')}
            </label>
          ))}
        </fieldset>
      )}
      <p className={results.length > 0 ? 'visually-hidden' : 'search__status muted'} role="status" data-testid="search-status">
        {status}
      </p>
      {search.isError && (
        <div className="form-error search__error" role="alert" data-testid="search-error">
          <p>{t('search.failed')}</p>
          <p>{translateError(t, search.error)}</p>
          <button type="button" className="button" onClick={() => void search.refetch()}>
            {t('common.retry')}
          </button>
        </div>
      )}
      <ul className="search__results" id={listId} role="listbox" aria-label={t('search.resultsLabel')}>
        {merged.map(({ hit, source }, index) => {
          const conversation = byId.get(hit.conversationId);
          const sender = hit.message.senderId === me.id ? me : conversation?.members.find((m) => m.id === hit.message.senderId);
          return (
            <SearchResult
              key={`${hit.conversationId}:${hit.message.clientId}`}
              id={optionId(index)}
              hit={hit}
              active={index === current}
              fromServer={source === 'server'}
              conversationTitle={conversation ? conversationTitle(conversation, me.id, t) : t('conversations.unknownUser')}
              senderName={sender?.id === me.id ? t('chat.you') : displayNameOf(sender, t)}
              onOpen={open}
              onHover={() => setActive(index)}
            />
          );
        })}
      </ul>
      {query.length > 0 && (
        <p className="search__server muted" data-testid="server-search-status" role="status">
          {!online
            ? t('serverSearch.offline')
            : server.isFetching
              ? t('serverSearch.searching')
              : server.isError
                ? t('serverSearch.failed', { reason: translateError(t, server.error) })
                : null}
        </p>
      )}
      {!search.hasNextPage && server.hasNextPage && (
        <button type="button" className="button button--quiet search__more" data-testid="server-search-more" disabled={server.isFetchingNextPage} onClick={() => void server.fetchNextPage()}>
          {server.isFetchingNextPage ? t('search.loadingMore') : t('serverSearch.loadMore')}
        </button>
      )}
      {search.hasNextPage && (
        <button type="button" className="button button--quiet search__more" data-testid="search-load-more" disabled={search.isFetchingNextPage} onClick={() => void search.fetchNextPage()}>
          {search.isFetchingNextPage ? t('search.loadingMore') : t('search.loadMore')}
        </button>
      )}
    </Dialog>
  );
}
