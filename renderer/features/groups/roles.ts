import type { Conversation, Member, MemberRole } from '../../../shared/protocol/entities';

/**
 * What the caller's role allows in a group, mirroring the server's rules (shared/protocol/methods):
 * the panel only offers what would succeed, and the server still has the last word.
 */
export interface GroupPermissions {
  role: MemberRole | null;
  active: boolean;
  /** Rename, announcement, avatar, mute all, history visibility. */
  canEdit: boolean;
  canInvite: boolean;
  canLeave: boolean;
  canDissolve: boolean;
  canRemove: (target: Member) => boolean;
  canMute: (target: Member) => boolean;
  canSetRole: (target: Member) => boolean;
  canTransfer: (target: Member) => boolean;
}

const RANK: Record<MemberRole, number> = { owner: 2, admin: 1, member: 0 };

export function roleOf(conversation: Pick<Conversation, 'members'>, userId: string): MemberRole | null {
  return conversation.members.find((m) => m.id === userId)?.role ?? null;
}

export function groupPermissions(conversation: Pick<Conversation, 'members' | 'state' | 'kind'>, meId: string): GroupPermissions {
  const role = conversation.kind === 'group' ? roleOf(conversation, meId) : null;
  const active = conversation.state === 'active' && role !== null;
  const owner = active && role === 'owner';
  const manager = active && (role === 'owner' || role === 'admin');
  // Owners act on anyone else; admins on plain members only.
  const outranks = (target: Member) => manager && target.id !== meId && RANK[role!] > RANK[target.role] && (owner || target.role === 'member');
  return {
    role,
    active,
    canEdit: manager,
    canInvite: active,
    canLeave: active && role !== 'owner',
    canDissolve: owner,
    canRemove: outranks,
    canMute: outranks,
    canSetRole: (target) => owner && target.id !== meId,
    canTransfer: (target) => owner && target.id !== meId,
  };
}

/** Owner, then admins, then members; by name within each. */
export function sortMembers(members: readonly Member[]): Member[] {
  return [...members].sort(
    (a, b) => RANK[b.role] - RANK[a.role] || (a.displayName || a.username).localeCompare(b.displayName || b.username),
  );
}
