import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { setLanguage } from '../../i18n';
import { FakeBridge } from '../../test/fake-bridge';
import { renderApp } from '../../test/render';

function fill(testId: string, value: string) {
  fireEvent.change(screen.getByTestId(testId), { target: { value } });
}

describe('sign in / sign up', () => {
  it('shows a translated error when the password is wrong, and signs in when it is right', async () => {
    const bridge = new FakeBridge();
    bridge.addUser('alice', 'Alice Liddell', 'correct horse');
    renderApp(bridge);
    await screen.findByTestId('auth-username');

    fill('auth-username', 'Alice ');
    fill('auth-password', 'wrong password');
    fireEvent.click(await screen.findByTestId('auth-submit'));
    expect((await screen.findByTestId('auth-error')).textContent).toBe('Wrong username or password.');
    // The username went out trimmed and lower-cased, on the default server.
    expect(bridge.callsTo('session.signIn')[0]).toEqual({ username: 'alice', password: 'wrong password' });

    fill('auth-password', 'correct horse');
    fireEvent.submit(screen.getByTestId('auth-submit').closest('form')!);
    expect((await screen.findByTestId('current-user')).textContent).toBe('Alice Liddell');
  });

  it('shows the error in Chinese when the language is zh-CN', async () => {
    await setLanguage('zh-CN');
    const bridge = new FakeBridge();
    renderApp(bridge);
    await screen.findByTestId('auth-username');
    fill('auth-username', 'nobody');
    fill('auth-password', 'whatever1');
    fireEvent.click(await screen.findByTestId('auth-submit'));
    expect((await screen.findByTestId('auth-error')).textContent).toBe('用户名或密码错误。');
  });

  it('tells the user when the server cannot be reached', async () => {
    const bridge = new FakeBridge();
    bridge.failWith('session.signIn', 'server.unavailable');
    renderApp(bridge);
    await screen.findByTestId('auth-username');
    fill('auth-username', 'alice');
    fill('auth-password', 'secret123');
    fill('auth-server-url', 'https://chat.example.com');
    fireEvent.click(await screen.findByTestId('auth-submit'));
    expect((await screen.findByTestId('auth-error')).textContent).toMatch(/Can't reach the server/);
    expect(bridge.callsTo('session.signIn')[0]?.serverUrl).toBe('https://chat.example.com');
  });

  it('signs up with a display name and reports a taken username', async () => {
    const bridge = new FakeBridge();
    bridge.addUser('alice', 'Alice Liddell');
    renderApp(bridge);
    await screen.findByTestId('auth-username');
    fireEvent.click(await screen.findByTestId('auth-mode-signup'));
    fill('auth-username', 'alice');
    fill('auth-display-name', '王小明');
    fill('auth-password', 'long enough');
    fireEvent.click(screen.getByTestId('auth-submit'));
    expect((await screen.findByTestId('auth-error')).textContent).toBe('That username is already taken. Try another one.');

    fill('auth-username', 'xiaoming');
    fireEvent.click(screen.getByTestId('auth-submit'));
    expect((await screen.findByTestId('current-user')).textContent).toBe('王小明');
  });

  it('checks the form before sending: nothing reaches the bridge while it is invalid', async () => {
    const bridge = new FakeBridge();
    renderApp(bridge);
    await screen.findByTestId('auth-username');
    fireEvent.click(await screen.findByTestId('auth-mode-signup'));
    fill('auth-username', 'alice');
    fill('auth-display-name', 'Alice');
    fill('auth-password', 'short');
    fireEvent.click(screen.getByTestId('auth-submit'));
    expect(screen.getByTestId('auth-error').textContent).toBe('A password has at least 8 characters.');

    fill('auth-password', 'long enough');
    fill('auth-server-url', 'ftp://nope');
    fireEvent.click(screen.getByTestId('auth-submit'));
    expect(screen.getByTestId('auth-error').textContent).toMatch(/http:\/\//);

    fill('auth-server-url', '');
    fill('auth-username', 'Bad Name!');
    fireEvent.click(screen.getByTestId('auth-submit'));
    expect(screen.getByTestId('auth-error').textContent).toBe('Use only lower-case letters, digits, dot, dash and underscore.');
    expect(bridge.callsTo('session.signUp')).toHaveLength(0);
  });

  it('shows the busy state while signing in', async () => {
    const bridge = new FakeBridge();
    let release!: () => void;
    bridge.override('session.signIn', () => new Promise((resolve) => (release = () => resolve({ state: 'signed-out', serverUrl: 'https://x.test' }))));
    renderApp(bridge);
    await screen.findByTestId('auth-username');
    fill('auth-username', 'alice');
    fill('auth-password', 'secret123');
    fireEvent.click(await screen.findByTestId('auth-submit'));
    await waitFor(() => expect((screen.getByTestId('auth-submit') as HTMLButtonElement).disabled).toBe(true));
    expect(screen.getByTestId('auth-submit').textContent).toBe('Signing in…');
    release();
    await waitFor(() => expect((screen.getByTestId('auth-submit') as HTMLButtonElement).disabled).toBe(false));
  });
});
