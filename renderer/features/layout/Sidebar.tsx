import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../../../shared/protocol/entities';
import { ConnectionStatus } from '../connection/ConnectionStatus';
import { ConversationFilter } from '../conversations/ConversationFilter';
import { ConversationList } from '../conversations/ConversationList';
import { PictureAvatar } from '../presence/PictureAvatar';
import { shortcutHint } from '../shortcuts/shortcuts';
import { useUiStore } from '../../state/ui-store';
import { TransfersButton } from '../transfers/TransfersPanel';

/** Who you are, how connected you are, and your conversations. */
export function Sidebar({ me }: { me: User }) {
  const { t } = useTranslation();
  const openDialog = useUiStore((s) => s.openDialog);
  const [filter, setFilter] = useState('');
  const name = me.displayName || me.username;
  return (
    <aside className="sidebar" aria-label={t('sidebar.label')}>
      <header className="sidebar__header">
        <div className="current-user" aria-label={t('sidebar.accountLabel', { name })}>
          <PictureAvatar colourId={me.id} name={name} fileId={me.avatarFileId} size="lg" />
          <div className="current-user__names">
            <span className="current-user__name" data-testid="current-user">
              {name}
            </span>
            <span className="current-user__username">{t('common.atUsername', { username: me.username })}</span>
          </div>
        </div>
        <ConnectionStatus />
      </header>
      <button
        type="button"
        className="button button--quiet sidebar__search"
        data-testid="search-button"
        title={t('common.withShortcut', { action: t('sidebar.search'), keys: shortcutHint('search', t) })}
        onClick={() => openDialog('search')}
      >
        <span className="icon icon--search" aria-hidden="true" />
        {t('sidebar.search')}
      </button>
      <div className="sidebar__section-head">
        <h2 className="sidebar__section-title">{t('sidebar.conversations')}</h2>
        <span className="sidebar__section-actions">
          <button
            type="button"
            className="icon-button"
            data-testid="new-group-button"
            aria-label={t('sidebar.newGroup')}
            title={t('common.withShortcut', { action: t('sidebar.newGroup'), keys: shortcutHint('newGroup', t) })}
            onClick={() => openDialog('new-group')}
          >
            <span className="icon icon--people-plus" aria-hidden="true" />
          </button>
          <button
            type="button"
            className="icon-button"
            data-testid="new-direct-button"
            aria-label={t('sidebar.newDirect')}
            title={t('sidebar.newDirect')}
            onClick={() => openDialog('new-direct')}
          >
            <span className="icon icon--plus" aria-hidden="true" />
          </button>
        </span>
      </div>
      <ConversationFilter value={filter} onChange={setFilter} />
      <div className="sidebar__list">
        <ConversationList meId={me.id} filter={filter} />
      </div>
      <footer className="sidebar__footer">
        <button type="button" className="button button--quiet" data-testid="settings-button"
          title={t('common.withShortcut', { action: t('sidebar.settings'), keys: shortcutHint('settings', t) })}
          onClick={() => openDialog('settings')}>
          <span className="icon icon--settings" aria-hidden="true" />
          {t('sidebar.settings')}
        </button>
        <button
          type="button"
          className="icon-button"
          data-testid="shortcut-help-button"
          aria-label={t('sidebar.shortcuts')}
          title={t('common.withShortcut', { action: t('sidebar.shortcuts'), keys: shortcutHint('shortcutHelp', t) })}
          onClick={() => openDialog('shortcut-help')}
        >
          <span className="icon icon--keyboard" aria-hidden="true" />
        </button>
        <TransfersButton />
        <span className="sidebar__footer-spacer" />
        <button type="button" className="button button--quiet" data-testid="sign-out-button" onClick={() => openDialog('sign-out')}>
          {t('sidebar.signOut')}
        </button>
      </footer>
    </aside>
  );
}
