import { describe, expect, it } from 'vitest';
import { hashInviteCode, newInviteCode, normalizeInviteCode } from './invite-codes';

describe('invite codes', () => {
  it('are four groups of four unambiguous symbols, different every time', () => {
    const codes = new Set(Array.from({ length: 200 }, newInviteCode));
    expect(codes.size).toBe(200);
    for (const code of codes) {
      expect(code).toMatch(/^[A-HJKMNP-TW-Z2-9]{4}(-[A-HJKMNP-TW-Z2-9]{4}){3}$/);
      expect(code).not.toMatch(/[01ILOUV]/);
    }
  });

  it('match however they are typed: case, spaces, dashes and full-width forms do not matter', () => {
    const code = newInviteCode();
    const typed = [code.toLowerCase(), ` ${code.replace(/-/g, ' ')} `, code.replace(/-/g, ''), code.replace(/[A-Z0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))];
    for (const variant of typed) expect(hashInviteCode(variant)).toBe(hashInviteCode(code));
    expect(normalizeInviteCode(code)).toHaveLength(16);
    expect(hashInviteCode(code)).not.toContain(normalizeInviteCode(code));
    expect(hashInviteCode(newInviteCode())).not.toBe(hashInviteCode(code));
  });
});
