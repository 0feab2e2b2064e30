import { describe, expect, it } from 'vitest';
import { AVATAR_COLOURS, avatarColour, initials } from './avatar';

describe('avatar', () => {
  it('makes initials people recognise, in Latin and Chinese names', () => {
    expect(initials('Ada Lovelace')).toBe('AL');
    expect(initials('ada')).toBe('A');
    expect(initials('Jean Paul Sartre')).toBe('JS');
    expect(initials('王小明')).toBe('小明');
    expect(initials('欧阳 娜娜')).toBe('娜娜');
    expect(initials('  ')).toBe('?');
    expect(initials('爱丽丝 Alice')).toBe('丽丝');
    expect(initials('Bob 王')).toBe('王');
  });

  it('gives a user the same colour every time', () => {
    expect(avatarColour('u-alice')).toBe(avatarColour('u-alice'));
    const colours = new Set(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'].map((id) => avatarColour(`u-${id}`)));
    expect(colours.size).toBeGreaterThan(3);
    for (const c of colours) expect(c).toBeLessThan(AVATAR_COLOURS);
  });
});
