import { describe, expect, it } from 'vitest';
import type { Conversation, Member } from '../../../shared/protocol/entities';
import { groupPermissions, sortMembers } from './roles';

const member = (id: string, role: Member['role']): Member => ({ id, username: id, displayName: id, avatarFileId: null, isAdmin: false, role, muted: false });
const owner = member('olga', 'owner');
const admin = member('adam', 'admin');
const admin2 = member('ada', 'admin');
const plain = member('mia', 'member');
const group = (state: Conversation['state'] = 'active') => ({ kind: 'group' as const, state, members: [plain, admin, owner, admin2] });

describe('group permissions', () => {
  it('lets the owner do everything to others, but not leave', () => {
    const p = groupPermissions(group(), owner.id);
    expect([p.canEdit, p.canInvite, p.canDissolve, p.canLeave]).toEqual([true, true, true, false]);
    expect([p.canRemove(admin), p.canMute(admin), p.canSetRole(admin), p.canTransfer(plain)]).toEqual([true, true, true, true]);
    expect([p.canRemove(owner), p.canSetRole(owner), p.canTransfer(owner)]).toEqual([false, false, false]);
  });

  it('lets admins act on plain members only, and never on roles', () => {
    const p = groupPermissions(group(), admin.id);
    expect([p.canEdit, p.canInvite, p.canLeave, p.canDissolve]).toEqual([true, true, true, false]);
    expect([p.canRemove(plain), p.canMute(plain)]).toEqual([true, true]);
    expect([p.canRemove(admin2), p.canMute(owner), p.canSetRole(plain), p.canTransfer(plain)]).toEqual([false, false, false, false]);
  });

  it('lets plain members invite and leave only', () => {
    const p = groupPermissions(group(), plain.id);
    expect([p.canEdit, p.canInvite, p.canLeave, p.canDissolve]).toEqual([false, true, true, false]);
    expect([p.canRemove(admin), p.canMute(plain), p.canSetRole(admin)]).toEqual([false, false, false]);
  });

  it('allows nothing once the caller left or the group was dissolved', () => {
    for (const state of ['left', 'dissolved'] as const) {
      const p = groupPermissions(group(state), owner.id);
      expect([p.canEdit, p.canInvite, p.canLeave, p.canDissolve, p.canRemove(plain)]).toEqual([false, false, false, false, false]);
    }
  });

  it('lists the owner first, then admins, then members, by name', () => {
    expect(sortMembers(group().members).map((m) => m.id)).toEqual(['olga', 'ada', 'adam', 'mia']);
  });
});
