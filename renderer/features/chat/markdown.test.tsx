import { render, screen, fireEvent } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { renderMarkdown } from './markdown';
import { FakeBridge } from '../../test/fake-bridge';

function show(text: string, mentions: Parameters<typeof renderMarkdown>[1] = []) {
  return render(<div data-testid="out">{renderMarkdown(text, mentions)}</div>).getByTestId('out');
}

describe('message markdown', () => {
  it('shows HTML as text: a <script> never becomes an element', () => {
    const out = show('<script>alert(1)</script><img src=x onerror=alert(2)>');
    expect(out.querySelector('script')).toBeNull();
    expect(out.querySelector('img')).toBeNull();
    expect(out.textContent).toBe('<script>alert(1)</script><img src=x onerror=alert(2)>');
  });

  it('leaves a javascript: link as its literal text', () => {
    const out = show('[click me](javascript:alert(1)) and [data](data:text/html,hi)');
    expect(out.querySelector('a')).toBeNull();
    expect(out.textContent).toContain('[click me](javascript:alert(1))');
  });

  it('formats bold, italic, strike, code, code blocks and quotes', () => {
    const out = show('**bold** _it_ ~~gone~~ `x<y`\n> quoted\n\n```\nline 1\n<b>2</b>\n```');
    expect(out.querySelector('strong')?.textContent).toBe('bold');
    expect(out.querySelector('em')?.textContent).toBe('it');
    expect(out.querySelector('del')?.textContent).toBe('gone');
    expect(out.querySelector('code.message-code')?.textContent).toBe('x<y');
    expect(out.querySelector('blockquote')?.textContent).toBe('quoted');
    expect(out.querySelector('pre')?.textContent).toBe('line 1\n<b>2</b>');
    expect(out.querySelector('b')).toBeNull();
  });

  it('keeps headings and numbered lines as typed', () => {
    const out = show('# not a heading\n1. not a list');
    expect(out.textContent).toBe('# not a heading1. not a list');
    expect(out.querySelector('h1, ol')).toBeNull();
  });

  it('opens http(s) links through app.openExternal, never in the window', async () => {
    const bridge = new FakeBridge();
    window.magpie = bridge;
    const out = show('see https://example.com/path?q=1 now');
    const link = out.querySelector('a')!;
    expect(link.getAttribute('href')).toBe('https://example.com/path?q=1');
    const click = new MouseEvent('click', { bubbles: true, cancelable: true });
    link.dispatchEvent(click);
    expect(click.defaultPrevented).toBe(true);
    await vi.waitFor(() => expect(bridge.callsTo('app.openExternal')).toEqual([{ url: 'https://example.com/path?q=1' }]));
  });

  it('highlights mentions, the reader more strongly', () => {
    const out = show('hi @Bob Stone and @Alice, also @all', [
      { token: '@Bob Stone', me: false },
      { token: '@Alice', me: true },
      { token: '@all', me: true },
    ]);
    const mentions = [...out.querySelectorAll('[data-testid="mention"]')];
    expect(mentions.map((m) => [m.textContent, m.getAttribute('data-me')])).toEqual([
      ['@Bob Stone', null],
      ['@Alice', 'true'],
      ['@all', 'true'],
    ]);
  });

  it('a mention-like word that names nobody stays plain', () => {
    const out = show('mail @someone', [{ token: '@Bob', me: false }]);
    expect(out.querySelector('[data-testid="mention"]')).toBeNull();
    fireEvent.click(out);
    expect(screen.getByText('mail @someone')).toBeTruthy();
  });
});
