import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { HighlightedText, cleanRanges, snippet } from './highlight';

const marks = (container: HTMLElement) => [...container.querySelectorAll('mark')].map((m) => m.textContent);

describe('search highlights', () => {
  it('wraps each range in <mark>, Chinese and English alike', () => {
    const { container } = render(<HighlightedText text="我们今天下午开会吗 report?" ranges={[{ start: 6, end: 8 }, { start: 10, end: 16 }]} />);
    expect(marks(container)).toEqual(['开会', 'report']);
    expect(container.textContent).toBe('我们今天下午开会吗 report?');
  });

  it('survives unsorted, overlapping and out-of-range offsets', () => {
    expect(cleanRanges([{ start: 4, end: 9 }, { start: 0, end: 2 }, { start: 3, end: 5 }, { start: 7, end: 7 }, { start: 8, end: 99 }], 10)).toEqual([
      { start: 0, end: 2 },
      { start: 3, end: 10 },
    ]);
  });

  it('counts offsets in UTF-16, so text after an emoji is marked right', () => {
    const { container } = render(<HighlightedText text="🎉 开会了" ranges={[{ start: 3, end: 5 }]} />);
    expect(marks(container)).toEqual(['开会']);
  });

  it('starts a long message near its first match, without splitting a surrogate pair', () => {
    const text = `${'字'.repeat(28)}😀${'话'.repeat(20)}开会`;
    const start = text.indexOf('开会');
    const shown = snippet(text, [{ start, end: start + 2 }]);
    expect(shown.text.startsWith('…')).toBe(true);
    expect(shown.text).not.toMatch(/^…[\uDC00-\uDFFF]/);
    expect(shown.text.slice(shown.ranges[0]!.start, shown.ranges[0]!.end)).toBe('开会');
    expect(snippet('short 开会', [{ start: 6, end: 8 }]).text).toBe('short 开会');
  });
});
