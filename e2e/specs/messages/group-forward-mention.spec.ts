import { expect, test } from '../../helpers/fixtures';
import { createGroup } from '../../helpers/groups';
import { menuAction, messageWith, openDirect } from '../../helpers/messages';
import { expectMessages, openConversationTitled, send, signUp, uniqueName } from '../../helpers/ui';

const GROUP = 'Release 发布组';

test('a message forwarded to a group, and an @mention there highlighted for the one mentioned', async ({ workspace }) => {
  const [aliceClient, bobClient, carolClient] = await Promise.all([workspace.client('alice'), workspace.client('bob'), workspace.client('carol')]);
  const alice = { username: uniqueName('alice'), displayName: 'Alice 爱丽丝' };
  const bob = { username: uniqueName('bob'), displayName: 'Bob 王' };
  const carol = { username: uniqueName('carol'), displayName: 'Carol 陈' };
  const [a, b, c] = [aliceClient.page, bobClient.page, carolClient.page];
  await signUp(a, alice);
  await signUp(b, bob);
  await signUp(c, carol);
  await createGroup(a, GROUP, [bob.username, carol.username]);
  await send(a, 'Group is open 群已建好');
  await openConversationTitled(c, GROUP);
  await expectMessages(c, ['Group is open 群已建好']);

  // Bob tells Alice something in private; she forwards it to the group.
  await openDirect(b, alice);
  await send(b, 'Build 1.4 passed QA 测试通过');
  await openConversationTitled(a, bob.displayName);
  await expectMessages(a, ['Build 1.4 passed QA 测试通过']);
  await menuAction(a, messageWith(a, 'Build 1.4'), 'forward');
  const dialog = a.getByTestId('forward-dialog');
  await expect(dialog.getByTestId('forward-submit')).toBeDisabled();
  await dialog.getByTestId('forward-filter').fill('发布');
  await expect(dialog.getByTestId('forward-option')).toHaveCount(1);
  await dialog.getByTestId('forward-option').check();
  await expect(dialog).toContainText('1 of');
  await dialog.getByTestId('forward-submit').click();
  await expect(dialog).toHaveCount(0);

  // Carol, in the group, sees it as a forward from Bob.
  const forwarded = messageWith(c, 'Build 1.4 passed QA');
  await expect(forwarded.getByTestId('message-forwarded')).toHaveText(`Forwarded from ${bob.displayName}`, { timeout: 20_000 });
  await expect(forwarded).toHaveAttribute('data-own', 'false');
  // The direct conversation is unchanged: one message, not a second copy.
  await expectMessages(a, ['Build 1.4 passed QA 测试通过']);

  // Carol moves to her direct conversation with Alice, so the group is not in view.
  await openDirect(c, alice);

  // Alice mentions Carol from the autocomplete in the group.
  await openConversationTitled(a, GROUP);
  const composer = a.getByTestId('composer-input');
  await composer.pressSequentially('Please check @Car');
  const options = a.getByTestId('mention-option');
  await expect(options).toHaveCount(1);
  await expect(options).toContainText(carol.displayName);
  await composer.press('Enter');
  await expect(a.getByTestId('mention-suggestions')).toHaveCount(0);
  await expect(composer).toHaveValue(`Please check @${carol.displayName} `);
  await composer.pressSequentially('the notes 看一下');
  await composer.press('Enter');
  await expect(composer).toHaveValue('');
  const text = `Please check @${carol.displayName} the notes 看一下`;

  // Carol's list marks the group with @ …
  const groupRow = c.getByTestId('conversation-item').filter({ hasText: GROUP });
  const marker = groupRow.getByTestId('conversation-mention');
  await expect(marker).toHaveText('@', { timeout: 20_000 });
  await expect(marker).toHaveAttribute('aria-label', 'You were mentioned');

  // …and in the group her name stands out as hers; for Bob it is an ordinary mention.
  await openConversationTitled(c, GROUP);
  const forCarol = messageWith(c, 'Please check').getByTestId('mention');
  await expect(forCarol).toHaveText(`@${carol.displayName}`);
  await expect(forCarol).toHaveAttribute('data-me', 'true');
  await expect(marker).toHaveCount(0);

  await openConversationTitled(b, GROUP);
  await expect(b.getByTestId('message-text').filter({ hasText: 'Please check' })).toHaveText(text, { timeout: 20_000 });
  const forBob = messageWith(b, 'Please check').getByTestId('mention');
  await expect(forBob).toHaveText(`@${carol.displayName}`);
  await expect(forBob).not.toHaveAttribute('data-me', 'true');
});
