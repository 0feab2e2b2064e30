import { expect, test } from '../../helpers/fixtures';
import { expectMessages, openConversationTitled, screenshot, send, startDirectChat, uniqueName } from '../../helpers/ui';

test('a client cut off from the server gets every message it missed exactly once, in order', async ({ workspace }) => {
  const alice = await workspace.client('alice', { throughProxy: true });
  const bob = await workspace.client('bob');
  const aliceUser = { username: uniqueName('alice'), displayName: 'Alice' };
  const bobUser = { username: uniqueName('bob'), displayName: 'Bob' };
  await startDirectChat(alice.page, bob.page, [aliceUser, bobUser]);
  await send(alice.page, 'before the outage');
  await expectMessages(bob.page, ['before the outage']);

  alice.proxy!.cut();
  await expect(alice.page.getByTestId('connection-status')).not.toHaveAttribute('data-status', 'online');

  const missed = Array.from({ length: 6 }, (_, index) => `missed ${index + 1} 第${index + 1}条`);
  for (const text of missed) await send(bob.page, text);
  await expectMessages(bob.page, ['before the outage', ...missed]);
  await expect(bob.page.getByTestId('message').last()).toHaveAttribute('data-status', 'sent');

  alice.proxy!.restore();
  await expect(alice.page.getByTestId('connection-status')).toHaveAttribute('data-status', 'online', { timeout: 45_000 });
  await expectMessages(alice.page, ['before the outage', ...missed]);
});

test('with the server down, history comes from the cache and a message written offline is sent once', async ({ workspace }) => {
  const alice = await workspace.client('alice');
  const bob = await workspace.client('bob');
  const aliceUser = { username: uniqueName('alice'), displayName: 'Alice' };
  const bobUser = { username: uniqueName('bob'), displayName: 'Bob' };
  await startDirectChat(alice.page, bob.page, [aliceUser, bobUser]);
  await send(alice.page, 'one');
  await expectMessages(bob.page, ['one']);
  await send(bob.page, 'two 二');
  await expectMessages(alice.page, ['one', 'two 二']);

  await workspace.server.stop();
  await expect(alice.page.getByTestId('connection-status')).not.toHaveAttribute('data-status', 'online');

  // The page starts from nothing; what it shows can only come from the local cache.
  await alice.reload();
  await openConversationTitled(alice.page, bobUser.displayName);
  await expectMessages(alice.page, ['one', 'two 二']);
  await expect(alice.page.getByTestId('connection-status')).not.toHaveAttribute('data-status', 'online');

  await send(alice.page, 'written offline 离线消息');
  await expect(alice.page.getByTestId('message').last()).toHaveAttribute('data-status', 'sending');
  await screenshot(alice.page, 'offline-sending-en');

  await workspace.server.start();
  await expect(alice.page.getByTestId('connection-status')).toHaveAttribute('data-status', 'online', { timeout: 45_000 });
  await expect(alice.page.getByTestId('message').last()).toHaveAttribute('data-status', 'sent');
  await expectMessages(bob.page, ['one', 'two 二', 'written offline 离线消息']);
  await expectMessages(alice.page, ['one', 'two 二', 'written offline 离线消息']);

  await alice.reload();
  await openConversationTitled(alice.page, bobUser.displayName);
  await expectMessages(alice.page, ['one', 'two 二', 'written offline 离线消息']);
});
