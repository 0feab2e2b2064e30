import { useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Avatar } from '../../components/Avatar';
import { Dialog } from '../../components/Dialog';
import { useConversations } from '../../data/conversations';
import { useUiStore } from '../../state/ui-store';
import { displayNameOf, peerOf } from '../conversations/peer';
import { switcherEntries } from './entries';

/**
 * Jump to a conversation by typing part of its name (Ctrl/Cmd+K). A combobox: focus stays in the
 * field while ↑/↓ move the highlighted conversation and Enter opens it.
 */
export function QuickSwitcher({ meId }: { meId: string }) {
  const { t } = useTranslation();
  const close = useUiStore((s) => s.closeDialog);
  const select = useUiStore((s) => s.selectConversation);
  const { data } = useConversations();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const listId = useId();
  const inputId = useId();

  const entries = useMemo(() => switcherEntries(data ?? [], meId, query, t), [data, meId, query, t]);
  const current = entries[Math.min(active, entries.length - 1)];
  const optionId = (id: string) => `${listId}-${id}`;

  useEffect(() => setActive(0), [query]);
  useEffect(() => {
    if (current) document.getElementById(optionId(current.conversation.id))?.scrollIntoView?.({ block: 'nearest' });
  }, [current?.conversation.id]);

  const open = (conversationId: string) => {
    select(conversationId);
    close();
  };

  const onKeyDown = (event: React.KeyboardEvent<HTMLInputElement>) => {
    if (event.nativeEvent.isComposing || entries.length === 0) return;
    const last = entries.length - 1;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const down = event.key === 'ArrowDown';
      setActive(down ? (active >= last ? 0 : active + 1) : active <= 0 ? last : active - 1);
    } else if (event.key === 'Enter' && current) {
      event.preventDefault();
      open(current.conversation.id);
    }
  };

  return (
    <Dialog title={t('quickSwitcher.title')} onClose={close} testId="quick-switcher" className="dialog--palette">
      <label htmlFor={inputId} className="visually-hidden">
        {t('quickSwitcher.inputLabel')}
      </label>
      <input
        id={inputId}
        className="input"
        type="text"
        role="combobox"
        data-testid="quick-switcher-input"
        placeholder={t('quickSwitcher.placeholder')}
        value={query}
        maxLength={100}
        autoComplete="off"
        spellCheck={false}
        aria-autocomplete="list"
        aria-expanded={entries.length > 0}
        aria-controls={listId}
        aria-activedescendant={current ? optionId(current.conversation.id) : undefined}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={onKeyDown}
      />
      <p className={entries.length === 0 ? 'quick-switcher__status muted' : 'visually-hidden'} role="status">
        {entries.length === 0 ? t('quickSwitcher.noMatches', { query: query.trim() }) : t('quickSwitcher.count', { count: entries.length })}
      </p>
      <ul className="quick-switcher__list" id={listId} role="listbox" aria-label={t('quickSwitcher.listLabel')}>
        {entries.map((entry, index) => {
          const peer = peerOf(entry.conversation, meId);
          const isActive = entry === current;
          return (
            <li
              key={entry.conversation.id}
              id={optionId(entry.conversation.id)}
              role="option"
              aria-selected={isActive}
              className={`quick-switcher__item${isActive ? ' quick-switcher__item--active' : ''}`}
              data-testid="quick-switcher-item"
              data-conversation-id={entry.conversation.id}
              onMouseMove={() => index !== active && setActive(index)}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => open(entry.conversation.id)}
            >
              <Avatar userId={peer?.id ?? entry.conversation.id} name={displayNameOf(peer, t)} size="sm" />
              <span className="quick-switcher__title">{entry.title}</span>
              {peer && <span className="quick-switcher__username">{t('common.atUsername', { username: peer.username })}</span>}
            </li>
          );
        })}
      </ul>
    </Dialog>
  );
}
