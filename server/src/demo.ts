import type { FastifyBaseLogger } from 'fastify';
import { hashPassword } from './auth/passwords';
import type { Store } from './store/store';

export const DEMO_PASSWORD = 'magpie-demo';

const DEMO_USERS = [
  { username: 'alice', displayName: '爱丽丝 Alice' },
  { username: 'bob', displayName: 'Bob 王' },
  { username: 'chen', displayName: '陈晨' },
] as const;

/**
 * Seeds a small workspace to click around in (MAGPIE_DEMO=1), only into an empty store so it
 * never touches real data. Everyone shares one well-known password: never use this in production.
 */
export async function seedDemoWorkspace(store: Store, log: Pick<FastifyBaseLogger, 'warn'>): Promise<boolean> {
  if ((await store.countUsers()) > 0) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const [alice, bob, chen] = await Promise.all(DEMO_USERS.map((u) => store.createUser({ ...u, passwordHash })));
  // Someone must be able to open the workspace settings, invite people and read the audit log.
  await store.setUserAdmin(alice!.id, true);
  const { messaging } = store;
  const { result: direct } = await messaging.openDirect(alice!.id, bob!.id, Date.now());
  const say = (conversationId: string, senderId: string, clientId: string, text: string) =>
    messaging.send({ conversationId, senderId, clientId, kind: 'text', text, mentions: [], mentionsAll: false, attachment: null, card: null, now: Date.now() });
  const lines: Array<[string, string]> = [
    [alice!.id, 'Hi Bob! Welcome to Magpie 👋'],
    [bob!.id, '你好，爱丽丝！这里就是我们的新工作区吗？'],
    [alice!.id, '对，消息会实时同步，离线时写的消息也会在重新连接后发出。'],
    [bob!.id, 'Great, let’s try it out.'],
  ];
  for (const [index, [senderId, text]] of lines.entries()) await say(direct.conversation.id, senderId, `demo-${index}`, text);
  const { result: group } = await messaging.createGroup(alice!.id, '喜鹊小组 Magpie team', [bob!.id, chen!.id], true, Date.now());
  await say(group.conversation.id, chen!.id, 'demo-group-0', '大家好！这个群用来讨论发布计划。');
  await say(group.conversation.id, alice!.id, 'demo-group-1', 'Welcome, Chen. The release notes are due Friday.');
  log.warn(
    `Demo workspace created: users ${DEMO_USERS.map((u) => u.username).join(', ')} with password "${DEMO_PASSWORD}". Do not use demo mode for real data.`,
  );
  return true;
}
