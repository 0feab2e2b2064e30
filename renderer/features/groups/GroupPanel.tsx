import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConversationSummary } from '../../../shared/ipc';
import { useEndMembership, useGroupAction, type GroupAction } from '../../data/groups';
import { translateError } from '../../i18n/errors';
import { usePanels } from '../../state/panels';
import { GROUP_PANEL_ID } from '../layout/ChatHeader';
import { AnnouncementEditor } from './AnnouncementEditor';
import { ConfirmDialog } from './ConfirmDialog';
import { GroupProfile } from './GroupProfile';
import { MemberList, type MemberConfirm } from './MemberList';
import { groupPermissions } from './roles';

type Confirm = MemberConfirm | { kind: 'leave' | 'dissolve' };

/**
 * Everything about one group beside its chat: profile, announcement, members and what the
 * caller's role lets them do. Each failure shows as a readable sentence (the server decides).
 */
export function GroupPanel({ conversation, meId }: { conversation: ConversationSummary; meId: string }) {
  const { t } = useTranslation();
  const close = usePanels((s) => s.toggleGroupPanel);
  const action = useGroupAction();
  const end = useEndMembership();
  const [confirm, setConfirm] = useState<Confirm | null>(null);
  const [localError, setLocalError] = useState<unknown>(null);
  const headingId = useId();
  const permissions = groupPermissions(conversation, meId);
  const busy = action.isPending || end.isPending;

  const run = (request: GroupAction) => {
    setLocalError(null);
    return action.mutateAsync(request);
  };
  const error = localError ?? (confirm ? null : (action.error ?? end.error));
  // A confirmation starts clean: an earlier failure belongs to the panel, not to this question.
  const openConfirm = (request: Confirm) => {
    action.reset();
    end.reset();
    setLocalError(null);
    setConfirm(request);
  };

  const confirmAction = () => {
    if (!confirm) return;
    const done = { onSuccess: () => setConfirm(null) };
    if (!('member' in confirm)) {
      end.mutate({ kind: confirm.kind, conversationId: conversation.id }, done);
      return;
    }
    const request = { conversationId: conversation.id, userId: confirm.member.id };
    action.mutate(confirm.kind === 'remove' ? { channel: 'groups.removeMember', request } : { channel: 'groups.transferOwnership', request }, done);
  };

  const confirmValues = {
    name: confirm && 'member' in confirm ? confirm.member.displayName.trim() || confirm.member.username : '',
    group: conversation.title,
  };

  const toggle = (field: 'allMuted' | 'historyVisible', value: boolean) =>
    void run({ channel: 'groups.update', request: { conversationId: conversation.id, [field]: value } }).catch(() => undefined);

  return (
    <aside id={GROUP_PANEL_ID} className="side-panel group-panel" data-testid="group-panel" aria-labelledby={headingId}>
      <header className="side-panel__header">
        <h2 className="side-panel__title" id={headingId}>
          {t('groupPanel.title')}
        </h2>
        <button type="button" className="icon-button" data-testid="group-panel-close" aria-label={t('groupPanel.close')} title={t('groupPanel.close')} onClick={() => close(false)}>
          <span aria-hidden="true">×</span>
        </button>
      </header>
      <div className="side-panel__body">
        {!permissions.active && (
          <p className="notice" role="status" data-testid="group-panel-readonly">
            {t(conversation.state === 'dissolved' ? 'groupPanel.dissolvedNotice' : 'groupPanel.leftNotice')}
          </p>
        )}
        {error != null && (
          <p className="form-error" role="alert" data-testid="group-panel-error">
            {translateError(t, error)}
          </p>
        )}
        <GroupProfile conversation={conversation} meId={meId} canEdit={permissions.canEdit} busy={busy} run={run} onError={setLocalError} />
        <AnnouncementEditor key={conversation.announcement} conversation={conversation} canEdit={permissions.canEdit} busy={busy} run={run} />
        {permissions.canEdit && (
          <section className="group-panel__section" aria-label={t('groupSettings.label')}>
            <label className="switch-row">
              <input type="checkbox" data-testid="group-all-muted" checked={conversation.allMuted} disabled={busy} onChange={(e) => toggle('allMuted', e.target.checked)} />
              <span>
                <span className="switch-row__label">{t('groupSettings.allMuted')}</span>
                <span className="field__hint">{t('groupSettings.allMutedHint')}</span>
              </span>
            </label>
            <label className="switch-row">
              <input
                type="checkbox"
                data-testid="group-history-visible"
                checked={conversation.historyVisible}
                disabled={busy}
                onChange={(e) => toggle('historyVisible', e.target.checked)}
              />
              <span>
                <span className="switch-row__label">{t('groupSettings.historyVisible')}</span>
                <span className="field__hint">{t('groupSettings.historyVisibleHint')}</span>
              </span>
            </label>
          </section>
        )}
        {!permissions.canEdit && permissions.active && conversation.allMuted && (
          <p className="notice" data-testid="group-all-muted-notice">
            {t('groupSettings.allMutedNotice')}
          </p>
        )}
        {conversation.members.length > 0 && (
          <MemberList conversation={conversation} meId={meId} permissions={permissions} busy={busy} run={run} confirm={openConfirm} />
        )}
        {permissions.active && (
          <section className="group-panel__section group-panel__danger" aria-label={t('groupPanel.membershipLabel')}>
            {permissions.canLeave && (
              <button type="button" className="button button--danger-quiet" data-testid="group-leave" onClick={() => openConfirm({ kind: 'leave' })}>
                {t('groupPanel.leave')}
              </button>
            )}
            {permissions.role === 'owner' && <p className="field__hint">{t('groupPanel.ownerLeaveHint')}</p>}
            {permissions.canDissolve && (
              <button type="button" className="button button--danger-quiet" data-testid="group-dissolve" onClick={() => openConfirm({ kind: 'dissolve' })}>
                {t('groupPanel.dissolve')}
              </button>
            )}
          </section>
        )}
      </div>
      {confirm && (
        <ConfirmDialog
          testId={`confirm-${confirm.kind}`}
          title={t(`confirm.${confirm.kind}.title`, confirmValues)}
          body={<p>{t(`confirm.${confirm.kind}.body`, confirmValues)}</p>}
          confirmLabel={t(`confirm.${confirm.kind}.confirm`)}
          danger={confirm.kind !== 'transfer'}
          busy={busy}
          error={action.error || end.error ? translateError(t, action.error ?? end.error) : null}
          onConfirm={confirmAction}
          onClose={() => {
            action.reset();
            end.reset();
            setConfirm(null);
          }}
        />
      )}
    </aside>
  );
}
