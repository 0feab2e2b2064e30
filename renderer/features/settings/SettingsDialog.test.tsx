import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { i18n } from '../../i18n';
import { usePreferences } from '../../state/preferences';
import { aliceAndBob, renderApp } from '../../test/render';

const html = () => document.documentElement;

async function openSettings() {
  const { bridge } = aliceAndBob();
  renderApp(bridge);
  const button = await screen.findByTestId('settings-button');
  button.focus();
  fireEvent.click(button);
  return screen.findByTestId('settings-dialog');
}

describe('settings', () => {
  it('follows the system theme and language until a choice is made', async () => {
    await openSettings();
    expect((screen.getByTestId('settings-theme') as HTMLSelectElement).value).toBe('system');
    expect((screen.getByTestId('settings-language') as HTMLSelectElement).value).toBe('system');
    expect(html().hasAttribute('data-theme')).toBe(false);
    expect(screen.getByRole('option', { name: 'Follow system (English)' })).toBeTruthy();
  });

  it('applies a chosen theme to the page at once and remembers it on this computer', async () => {
    await openSettings();
    fireEvent.change(screen.getByTestId('settings-theme'), { target: { value: 'dark' } });
    expect(html().getAttribute('data-theme')).toBe('dark');
    expect(window.localStorage.getItem('magpie.theme')).toBe('dark');

    // A new start reads it back before anything renders.
    html().removeAttribute('data-theme');
    usePreferences.getState().load();
    expect(html().getAttribute('data-theme')).toBe('dark');
    expect(usePreferences.getState().theme).toBe('dark');

    fireEvent.change(screen.getByTestId('settings-theme'), { target: { value: 'system' } });
    expect(html().hasAttribute('data-theme')).toBe(false);
    expect(window.localStorage.getItem('magpie.theme')).toBeNull();
  });

  it('switches the language, and back to the system language, remembering the choice', async () => {
    await openSettings();
    fireEvent.change(screen.getByTestId('settings-language'), { target: { value: 'zh-CN' } });
    await waitFor(() => expect(screen.getByTestId('settings-dialog').textContent).toContain('主题'));
    expect(window.localStorage.getItem('magpie.language')).toBe('zh-CN');
    expect(html().lang).toBe('zh-CN');

    fireEvent.change(screen.getByTestId('settings-language'), { target: { value: 'system' } });
    await waitFor(() => expect(screen.getByTestId('settings-dialog').textContent).toContain('Theme'));
    expect(window.localStorage.getItem('magpie.language')).toBeNull();
    expect(i18n.language).toBe('en'); // jsdom's navigator.language is en-US
  });

  it('ignores a saved value it does not know', () => {
    window.localStorage.setItem('magpie.theme', 'sepia');
    usePreferences.getState().load();
    expect(usePreferences.getState().theme).toBe('system');
  });

  it('opens with Ctrl+, and closes with Escape, giving focus back', async () => {
    const { bridge } = aliceAndBob();
    renderApp(bridge);
    const button = await screen.findByTestId('settings-button');
    button.focus();
    fireEvent.keyDown(button, { key: ',', ctrlKey: true });
    const theme = await screen.findByTestId('settings-theme');
    await waitFor(() => expect(document.activeElement).toBe(theme));
    fireEvent.keyDown(theme, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('settings-dialog')).toBeNull());
    expect(document.activeElement).toBe(button);
  });
});
