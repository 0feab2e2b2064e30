import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, MagpieError } from '../../shared/errors';
import { aliceAndBob, renderApp } from '../test/render';
import en from './en.json';
import zhCN from './zh-CN.json';
import { i18n, initialLanguage, languageFor } from './index';
import { translateError } from './errors';

type Tree = { [key: string]: string | Tree };
function keys(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`)));
}
/** Plural forms differ by language (Chinese has only "other"), so compare the base keys. */
const base = (key: string) => key.replace(/_(zero|one|two|few|many|other)$/, '');

describe('i18n', () => {
  it('has the same strings in English and Chinese', () => {
    expect(new Set(keys(zhCN as Tree).map(base))).toEqual(new Set(keys(en as Tree).map(base)));
  });

  it('translates every error code in both languages, with a generic fallback', async () => {
    for (const lang of ['en', 'zh-CN'] as const) {
      await i18n.changeLanguage(lang);
      const t = i18n.t.bind(i18n);
      for (const code of ERROR_CODES) {
        expect(i18n.exists(`errors.${code}`), `${lang} errors.${code}`).toBe(true);
        expect(translateError(t, new MagpieError(code, 'x'))).not.toBe(t('errors.generic'));
      }
      expect(translateError(t, new Error('boom'))).toBe(t('errors.generic'));
    }
  });

  it('picks Chinese for any zh locale and English otherwise, unless a choice was saved', () => {
    expect(languageFor('zh')).toBe('zh-CN');
    expect(languageFor('zh-TW')).toBe('zh-CN');
    expect(languageFor('zh-Hans-CN')).toBe('zh-CN');
    expect(languageFor('en-GB')).toBe('en');
    expect(languageFor('fr')).toBe('en');
    window.localStorage.setItem('magpie.language', 'zh-CN');
    expect(initialLanguage()).toBe('zh-CN');
  });

  it('switches the whole UI to Chinese and remembers the choice', async () => {
    const { bridge, conversation } = aliceAndBob();
    renderApp(bridge);
    expect((await screen.findByTestId('sign-out-button')).textContent).toBe('Sign out');
    fireEvent.click(screen.getByTestId('settings-button'));
    fireEvent.change(await screen.findByTestId('settings-language'), { target: { value: 'zh-CN' } });
    await waitFor(() => expect(screen.getByTestId('settings-dialog').textContent).toContain('主题'));
    fireEvent.click(screen.getByTestId('settings-done'));
    await waitFor(() => expect(screen.getByTestId('sign-out-button').textContent).toBe('退出登录'));
    expect(screen.getByTestId('no-conversation-selected').textContent).toContain('未选择会话');
    expect(screen.getByTestId('connection-status').textContent).toContain('在线');
    expect(document.documentElement.lang).toBe('zh-CN');
    expect(window.localStorage.getItem('magpie.language')).toBe('zh-CN');

    act(() => fireEvent.click(screen.getByTestId('conversation-item')));
    await screen.findByTestId('chat-view');
    expect((screen.getByTestId('composer-input') as HTMLTextAreaElement).placeholder).toBe('发消息给 Bob Stone');
    expect(conversation.id).toBeTruthy();
  });
});
