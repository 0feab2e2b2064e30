import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { setLanguage } from './i18n';
import { FakeBridge } from './test/fake-bridge';
import { renderApp } from './test/render';

describe('app start-up', () => {
  it('explains, translated, when the bridge is missing instead of showing a blank page', async () => {
    await setLanguage('zh-CN');
    renderApp(null);
    const notice = screen.getByTestId('bridge-missing');
    expect(notice.textContent).toContain('无法在此处启动 Magpie');
  });

  it('shows sign-in when signed out, with the default server as a hint', async () => {
    renderApp(new FakeBridge());
    expect(await screen.findByTestId('auth-username')).toBeTruthy();
    expect((screen.getByTestId('auth-server-url') as HTMLInputElement).placeholder).toBe('https://magpie.test');
  });

  it('shows a translated error with a retry when the session cannot be read', async () => {
    const bridge = new FakeBridge();
    bridge.failWith('session.get', 'cache.unavailable');
    renderApp(bridge);
    expect(await screen.findByText("Local storage isn't available right now.")).toBeTruthy();
  });
});
