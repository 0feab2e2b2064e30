import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { ConversationSummarySchema, type ConversationSummary } from '../../../shared/ipc';
import type { User } from '../../../shared/protocol/entities';
import { MAX_ENTRIES, switcherEntries } from './entries';

const t = ((key: string) => key) as unknown as TFunction;
const me: User = { id: 'u-me', username: 'me', displayName: 'Me', avatarFileId: null, isAdmin: false };

function direct(id: string, peer: Pick<User, 'username' | 'displayName'>): ConversationSummary {
  return ConversationSummarySchema.parse({ id, kind: 'direct', members: [me, { id: `u-${id}`, ...peer }], lastSeq: 0, createdAt: 0, lastMessage: null });
}

describe('quick switcher entries', () => {
  const list = [direct('1', { username: 'mia', displayName: 'Mia Chen' }), direct('2', { username: 'wei', displayName: 'Chen Wei 陈伟' })];

  it('keeps the given (most recent first) order with nothing typed', () => {
    expect(switcherEntries(list, me.id, '  ', t).map((e) => e.title)).toEqual(['Mia Chen', 'Chen Wei 陈伟']);
  });

  it('puts titles that start with the query before those that only contain it', () => {
    expect(switcherEntries(list, me.id, 'chen', t).map((e) => e.title)).toEqual(['Chen Wei 陈伟', 'Mia Chen']);
    expect(switcherEntries(list, me.id, '陈', t).map((e) => e.title)).toEqual(['Chen Wei 陈伟']);
  });

  it('offers at most a screenful', () => {
    const many = Array.from({ length: MAX_ENTRIES + 10 }, (_, i) => direct(String(i), { username: `u${i}`, displayName: `User ${i}` }));
    expect(switcherEntries(many, me.id, 'user', t)).toHaveLength(MAX_ENTRIES);
  });
});
