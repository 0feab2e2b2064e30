import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../../../shared/protocol/entities';
import { Spinner } from '../../components/Spinner';
import { useDebouncedValue } from '../../components/useDebouncedValue';
import { useUserSearch } from '../../data/users';
import { translateError } from '../../i18n/errors';
import { PictureAvatar } from '../presence/PictureAvatar';

export const PICKER_DEBOUNCE_MS = 250;

interface UserPickerProps {
  label: string;
  picked: readonly User[];
  onChange: (picked: User[]) => void;
  /** Already in the group (and the caller): not offered. */
  excludeIds: ReadonlySet<string>;
  max: number;
  testId?: string;
}

const nameOf = (user: User) => user.displayName.trim() || user.username;

/**
 * People search with the picked ones as chips: a combobox (arrows move through the results, Enter
 * adds, Backspace in an empty field removes the last chip), so it works without a mouse.
 */
export function UserPicker({ label, picked, onChange, excludeIds, max, testId = 'user-picker' }: UserPickerProps) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const debounced = useDebouncedValue(query, PICKER_DEBOUNCE_MS);
  const search = useUserSearch(debounced);
  const inputId = useId();
  const listId = useId();
  const pickedIds = new Set(picked.map((u) => u.id));
  const trimmed = debounced.trim();
  const results = trimmed ? (search.data ?? []).filter((u) => !excludeIds.has(u.id) && !pickedIds.has(u.id)) : [];
  const full = picked.length >= max;
  const activeIndex = Math.min(active, results.length - 1);

  const add = (user: User) => {
    if (full) return;
    onChange([...picked, user]);
    setQuery('');
    setActive(0);
  };
  const remove = (user: User) => onChange(picked.filter((u) => u.id !== user.id));

  const onKeyDown = (e: React.KeyboardEvent<HTMLInputElement>) => {
    if (e.nativeEvent.isComposing) return;
    if (e.key === 'ArrowDown' && results.length > 0) setActive((activeIndex + 1) % results.length);
    else if (e.key === 'ArrowUp' && results.length > 0) setActive((activeIndex - 1 + results.length) % results.length);
    // Enter with a half-typed name picks; it never submits the form around the picker by accident.
    else if (e.key === 'Enter' && query.trim()) {
      if (results[activeIndex]) add(results[activeIndex]);
    }
    else if (e.key === 'Backspace' && query === '' && picked.length > 0) remove(picked[picked.length - 1]!);
    else return;
    e.preventDefault();
  };

  return (
    <div className="user-picker" data-testid={testId}>
      <label className="field__label" htmlFor={inputId}>
        {label}
      </label>
      {picked.length > 0 && (
        <ul className="chips" aria-label={t('userPicker.pickedLabel', { count: picked.length })}>
          {picked.map((user) => (
            <li key={user.id} className="chip" data-testid="picked-user" data-user-id={user.id}>
              <PictureAvatar colourId={user.id} name={nameOf(user)} fileId={user.avatarFileId} size="sm" />
              <span className="chip__name">{nameOf(user)}</span>
              <button
                type="button"
                className="chip__remove"
                aria-label={t('userPicker.remove', { name: nameOf(user) })}
                title={t('userPicker.remove', { name: nameOf(user) })}
                onClick={() => remove(user)}
              >
                <span aria-hidden="true">×</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <input
        id={inputId}
        className="input"
        type="text"
        role="combobox"
        aria-expanded={results.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={results[activeIndex] ? `${listId}-${results[activeIndex].id}` : undefined}
        data-testid={`${testId}-input`}
        placeholder={t('userPicker.placeholder')}
        value={query}
        maxLength={64}
        autoComplete="off"
        spellCheck={false}
        disabled={full}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
      />
      <div className="user-search__status" aria-live="polite">
        {full && <p className="muted">{t('userPicker.full', { max })}</p>}
        {query.trim() && (search.isFetching || query !== debounced) && (
          <p className="muted">
            <Spinner /> {t('newDirect.searching')}
          </p>
        )}
        {trimmed && search.isSuccess && !search.isFetching && query === debounced && results.length === 0 && (
          <p className="muted">{t('newDirect.noResults', { query: trimmed })}</p>
        )}
        {search.isError && <p className="form-error">{translateError(t, search.error)}</p>}
      </div>
      <ul className="user-search__results" id={listId} role="listbox" aria-label={t('newDirect.resultsLabel')}>
        {results.map((user, i) => (
          <li
            key={user.id}
            id={`${listId}-${user.id}`}
            role="option"
            aria-selected={i === activeIndex}
            className={`row-button user-result${i === activeIndex ? ' user-result--active' : ''}`}
            data-testid={`${testId}-result`}
            data-user-id={user.id}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => add(user)}
          >
            <PictureAvatar colourId={user.id} name={nameOf(user)} fileId={user.avatarFileId} />
            <span className="user-result__names">
              <span className="user-result__display">{nameOf(user)}</span>
              <span className="user-result__username">{t('common.atUsername', { username: user.username })}</span>
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
