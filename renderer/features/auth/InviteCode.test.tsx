import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeBridge } from '../../test/fake-bridge';
import { renderApp } from '../../test/render';

async function fillSignUp(inviteCode: string) {
  fireEvent.click(await screen.findByTestId('auth-mode-signup'));
  fireEvent.change(screen.getByTestId('auth-username'), { target: { value: 'newbie' } });
  fireEvent.change(screen.getByTestId('auth-display-name'), { target: { value: 'New Person' } });
  fireEvent.change(screen.getByTestId('auth-password'), { target: { value: 'correct horse battery' } });
  fireEvent.change(screen.getByTestId('auth-invite-code'), { target: { value: inviteCode } });
  fireEvent.click(screen.getByTestId('auth-submit'));
}

describe('sign-up invite code', () => {
  it('is only on the sign-up form, optional, and sent trimmed when given', async () => {
    const bridge = new FakeBridge();
    renderApp(bridge);
    await screen.findByTestId('auth-username');
    expect(screen.queryByTestId('auth-invite-code')).toBeNull();
    await fillSignUp('  INV-42 ');
    await screen.findByTestId('current-user');
    expect(bridge.callsTo('session.signUp')[0]).toMatchObject({ username: 'newbie', inviteCode: 'INV-42' });
  });

  it('is left out when empty', async () => {
    const bridge = new FakeBridge();
    renderApp(bridge);
    await fillSignUp('');
    await screen.findByTestId('current-user');
    expect(bridge.callsTo('session.signUp')[0]).not.toHaveProperty('inviteCode');
  });

  it('says when the code is refused and puts the cursor back in it', async () => {
    const bridge = new FakeBridge();
    bridge.failWith('session.signUp', 'auth.invite_invalid');
    renderApp(bridge);
    await fillSignUp('EXPIRED');
    expect((await screen.findByTestId('auth-error')).textContent).toBe("That invite code isn't valid or has expired.");
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('auth-invite-code')));
  });
});
