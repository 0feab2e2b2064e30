import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../../../shared/protocol/entities';
import { Avatar } from '../../components/Avatar';
import { Dialog } from '../../components/Dialog';
import { Spinner } from '../../components/Spinner';
import { useDebouncedValue } from '../../components/useDebouncedValue';
import { useOpenDirect } from '../../data/conversations';
import { useUserSearch } from '../../data/users';
import { translateError } from '../../i18n/errors';
import { useUiStore } from '../../state/ui-store';

export const SEARCH_DEBOUNCE_MS = 250;

/** Find a person, open (or reuse) the direct conversation with them, and select it. */
export function NewDirectDialog() {
  const { t } = useTranslation();
  const close = useUiStore((s) => s.closeDialog);
  const select = useUiStore((s) => s.selectConversation);
  const [query, setQuery] = useState('');
  const debounced = useDebouncedValue(query, SEARCH_DEBOUNCE_MS);
  const search = useUserSearch(debounced);
  const openDirect = useOpenDirect();
  const inputId = useId();
  const resultsId = useId();
  const trimmed = debounced.trim();
  const users = trimmed ? (search.data ?? []) : [];

  const open = (user: User) => {
    if (openDirect.isPending) return;
    openDirect.mutate(user.id, {
      onSuccess: ({ conversation }) => {
        select(conversation.id);
        close();
      },
    });
  };

  return (
    <Dialog title={t('newDirect.title')} onClose={close} testId="new-direct-dialog">
      <label className="field__label" htmlFor={inputId}>
        {t('newDirect.searchLabel')}
      </label>
      <input
        id={inputId}
        className="input"
        type="search"
        data-testid="user-search-input"
        placeholder={t('newDirect.searchPlaceholder')}
        value={query}
        maxLength={64}
        autoComplete="off"
        spellCheck={false}
        aria-controls={resultsId}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.nativeEvent.isComposing && users[0]) {
            e.preventDefault();
            open(users[0]);
          }
        }}
      />
      <div className="user-search__status" aria-live="polite">
        {!query.trim() && <p className="muted">{t('newDirect.hint')}</p>}
        {query.trim() && (search.isFetching || query !== debounced) && (
          <p className="muted">
            <Spinner /> {t('newDirect.searching')}
          </p>
        )}
        {trimmed && search.isSuccess && !search.isFetching && users.length === 0 && (
          <p className="muted">{t('newDirect.noResults', { query: trimmed })}</p>
        )}
        {search.isError && <p className="form-error">{translateError(t, search.error)}</p>}
        {openDirect.isError && (
          <p className="form-error" role="alert">
            {translateError(t, openDirect.error)}
          </p>
        )}
      </div>
      <ul className="user-search__results" id={resultsId} aria-label={t('newDirect.resultsLabel')}>
        {users.map((user) => (
          <li key={user.id}>
            <button
              type="button"
              className="row-button user-result"
              data-testid="user-search-result"
              data-user-id={user.id}
              disabled={openDirect.isPending}
              onClick={() => open(user)}
            >
              <Avatar userId={user.id} name={user.displayName || user.username} />
              <span className="user-result__names">
                <span className="user-result__display">{user.displayName || user.username}</span>
                <span className="user-result__username">{t('common.atUsername', { username: user.username })}</span>
              </span>
              {openDirect.isPending && openDirect.variables === user.id && <Spinner />}
            </button>
          </li>
        ))}
      </ul>
    </Dialog>
  );
}
