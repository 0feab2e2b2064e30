import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useDrafts } from '../../state/drafts';
import { aliceAndBob, renderApp } from '../../test/render';

describe('sign-out dialog', () => {
  async function signOut(wipe: boolean) {
    const { bridge, conversation, alice } = aliceAndBob();
    useDrafts.getState().setDraft(alice.id, conversation.id, { text: 'half a thought' });
    useDrafts.getState().setDraft('someone-else', conversation.id, { text: 'not mine' });
    renderApp(bridge);
    fireEvent.click(await screen.findByTestId('sign-out-button'));
    if (wipe) fireEvent.click(await screen.findByTestId('sign-out-wipe'));
    fireEvent.click(await screen.findByTestId('sign-out-confirm'));
    await screen.findByTestId('auth-username');
    expect(bridge.callsTo('session.signOut')).toEqual([{ wipeCache: wipe }]);
    return { alice, conversation };
  }

  it('removing local data forgets the account’s drafts, and only that account’s', async () => {
    const { alice, conversation } = await signOut(true);
    const { accounts } = useDrafts.getState();
    expect(accounts[alice.id]).toBeUndefined();
    expect(accounts['someone-else']?.[conversation.id]?.text).toBe('not mine');
  });

  it('a plain sign-out keeps the drafts for the next sign-in', async () => {
    const { alice, conversation } = await signOut(false);
    expect(useDrafts.getState().accounts[alice.id]?.[conversation.id]?.text).toBe('half a thought');
  });
});
