import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './passwords';
import { hashSessionToken, newSessionToken } from './session-tokens';

describe('password hashing', () => {
  it('verifies the right password and rejects a wrong one', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(stored).toMatch(/^scrypt\$N=16384,r=8,p=1\$[\w-]+\$[\w-]+$/);
    await expect(verifyPassword('correct horse battery', stored)).resolves.toBe(true);
    await expect(verifyPassword('correct horse batterY', stored)).resolves.toBe(false);
  });

  it('salts every hash, so equal passwords do not look equal', async () => {
    expect(await hashPassword('same password')).not.toBe(await hashPassword('same password'));
  });

  it('reads the parameters from the stored string, so old hashes keep working when they change', async () => {
    const cheap = await hashPassword('密码很长很长', { N: 1024, r: 8, p: 1 });
    expect(cheap).toContain('N=1024');
    await expect(verifyPassword('密码很长很长', cheap)).resolves.toBe(true);
  });

  it('treats an unreadable stored hash as a mismatch', async () => {
    await expect(verifyPassword('anything', 'md5$abc')).resolves.toBe(false);
  });
});

describe('session tokens', () => {
  it('are 32 random bytes in base64url and hash deterministically', () => {
    const token = newSessionToken();
    expect(token).toMatch(/^[\w-]{43}$/);
    expect(newSessionToken()).not.toBe(token);
    expect(hashSessionToken(token)).toBe(hashSessionToken(token));
    expect(hashSessionToken(token)).not.toContain(token);
  });
});
