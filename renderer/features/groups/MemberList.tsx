import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConversationSummary } from '../../../shared/ipc';
import type { Member, User } from '../../../shared/protocol/entities';
import { LIMITS } from '../../../shared/limits';
import type { GroupAction } from '../../data/groups';
import { usePresence } from '../../data/presence';
import { PopupMenu, type MenuItem } from '../layout/PopupMenu';
import { PictureAvatar } from '../presence/PictureAvatar';
import { PresenceDot } from '../presence/PresenceDot';
import type { GroupPermissions } from './roles';
import { sortMembers } from './roles';
import { UserPicker } from './UserPicker';

export type MemberConfirm = { kind: 'remove' | 'transfer'; member: Member };

interface MemberListProps {
  conversation: ConversationSummary;
  meId: string;
  permissions: GroupPermissions;
  busy: boolean;
  run: (action: GroupAction) => Promise<unknown>;
  confirm: (request: MemberConfirm) => void;
}

const nameOf = (user: User) => user.displayName.trim() || user.username;

/** Members with role, presence and mute; the actions each row offers are the ones the caller's role allows. */
export function MemberList({ conversation, meId, permissions, busy, run, confirm }: MemberListProps) {
  const { t } = useTranslation();
  const headingId = useId();
  const [inviting, setInviting] = useState(false);
  const [invitees, setInvitees] = useState<User[]>([]);
  const [menu, setMenu] = useState<{ member: Member; opener: HTMLElement } | null>(null);
  const members = useMemo(() => sortMembers(conversation.members), [conversation.members]);
  const ids = useMemo(() => members.map((m) => m.id), [members]);
  const presence = usePresence(ids);
  const room = LIMITS.maxGroupMembers - members.length;

  const invite = () =>
    run({ channel: 'groups.addMembers', request: { conversationId: conversation.id, userIds: invitees.map((u) => u.id) } })
      .then(() => {
        setInvitees([]);
        setInviting(false);
      })
      .catch(() => undefined);

  const itemsFor = (member: Member): MenuItem[] => {
    const items: MenuItem[] = [];
    const act = (request: GroupAction) => () => void run(request).catch(() => undefined);
    const ref = { conversationId: conversation.id, userId: member.id };
    if (permissions.canSetRole(member) && member.role !== 'owner') {
      items.push(
        member.role === 'admin'
          ? { id: 'remove-admin', label: t('members.removeAdmin'), onSelect: act({ channel: 'groups.setRole', request: { ...ref, role: 'member' } }) }
          : { id: 'make-admin', label: t('members.makeAdmin'), onSelect: act({ channel: 'groups.setRole', request: { ...ref, role: 'admin' } }) },
      );
    }
    if (permissions.canMute(member)) {
      items.push({
        id: member.muted ? 'unmute-member' : 'mute-member',
        label: t(member.muted ? 'members.unmute' : 'members.mute'),
        onSelect: act({ channel: 'groups.muteMember', request: { ...ref, muted: !member.muted } }),
      });
    }
    if (permissions.canTransfer(member)) items.push({ id: 'transfer', label: t('members.transfer'), onSelect: () => confirm({ kind: 'transfer', member }) });
    if (permissions.canRemove(member)) items.push({ id: 'remove-member', label: t('members.remove'), danger: true, onSelect: () => confirm({ kind: 'remove', member }) });
    return items;
  };

  return (
    <section className="group-panel__section" aria-labelledby={headingId}>
      <div className="group-panel__section-head">
        <h3 className="group-panel__section-title" id={headingId}>
          {t('members.title', { count: members.length })}
        </h3>
        {permissions.canInvite && !inviting && room > 0 && (
          <button type="button" className="link-button" data-testid="group-invite" onClick={() => setInviting(true)}>
            {t('members.invite')}
          </button>
        )}
      </div>
      {inviting && (
        <div className="group-panel__invite form-stack">
          <UserPicker
            label={t('members.inviteLabel')}
            picked={invitees}
            onChange={setInvitees}
            excludeIds={new Set(ids)}
            max={Math.min(LIMITS.maxInvitesPerRequest, room)}
            testId="group-invite-picker"
          />
          <div className="button-row">
            <span className="button-row__spacer" />
            <button
              type="button"
              className="button"
              onClick={() => {
                setInvitees([]);
                setInviting(false);
              }}
            >
              {t('common.cancel')}
            </button>
            <button type="button" className="button button--primary" data-testid="group-invite-confirm" disabled={busy || invitees.length === 0} onClick={() => void invite()}>
              {t('members.add', { count: invitees.length })}
            </button>
          </div>
        </div>
      )}
      <ul className="member-list" data-testid="member-list">
        {members.map((member) => {
          const items = itemsFor(member);
          const name = nameOf(member);
          return (
            <li key={member.id} className="member-row" data-testid="member-row" data-user-id={member.id} data-role={member.role}>
              <span className="avatar-wrap">
                <PictureAvatar colourId={member.id} name={name} fileId={member.avatarFileId} size="sm" />
                <PresenceDot presence={presence[member.id] ?? 'offline'} />
              </span>
              <span className="member-row__names">
                <span className="member-row__name">{member.id === meId ? t('members.you', { name }) : name}</span>
                <span className="member-row__username">{t('common.atUsername', { username: member.username })}</span>
              </span>
              {member.muted && (
                <span className="tag tag--warning" data-testid="member-muted">
                  {t('members.mutedTag')}
                </span>
              )}
              {member.role !== 'member' && (
                <span className={`tag tag--${member.role}`} data-testid="member-role">
                  {t(`members.roles.${member.role}`)}
                </span>
              )}
              {items.length > 0 && (
                <button
                  type="button"
                  className="icon-button"
                  data-testid="member-actions"
                  aria-haspopup="menu"
                  aria-label={t('members.actionsFor', { name })}
                  title={t('members.actionsFor', { name })}
                  disabled={busy}
                  onClick={(e) => setMenu({ member, opener: e.currentTarget })}
                >
                  <span aria-hidden="true">⋯</span>
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {menu && (
        <PopupMenu
          label={t('members.actionsFor', { name: nameOf(menu.member) })}
          items={itemsFor(menu.member)}
          at={null}
          anchor={menu.opener}
          onClose={() => setMenu(null)}
          testId="member-menu"
        />
      )}
    </section>
  );
}
