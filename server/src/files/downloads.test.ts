import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FILE_ROUTES } from '../../../shared/protocol/files';
import { signedInClient } from '../test-fixtures';
import { describeEachStore } from '../test-stores';
import { startTestServer, type TestServer } from '../testing';
import { fetchBytes, tusUpload } from './testing-files';

describeEachStore('file downloads', (variant) => {
  let server: TestServer;
  let token: string;
  let url: string;
  const bytes = randomBytes(1000);
  const etag = `"${createHash('sha256').update(bytes).digest('hex')}"`;

  beforeAll(async () => {
    server = await startTestServer({ store: variant.kind });
    token = (await signedInClient(server)).session.token;
    const { fileId } = await tusUpload(server.httpUrl, token, bytes, { filename: '会议纪要 (final).raw' });
    url = `${server.httpUrl}${FILE_ROUTES.content(fileId!)}`;
  });
  afterAll(async () => {
    await server?.close();
  });

  it('sends the whole file as an attachment that nothing may render or sniff', async () => {
    const { res, bytes: body } = await fetchBytes(url, token);
    expect(res.status).toBe(200);
    expect(body.equals(bytes)).toBe(true);
    expect(Object.fromEntries(['etag', 'content-length', 'accept-ranges', 'x-content-type-options', 'content-security-policy', 'content-type', 'content-disposition']
      .map((h) => [h, res.headers.get(h)]))).toEqual({
      etag,
      'content-length': '1000',
      'accept-ranges': 'bytes',
      'x-content-type-options': 'nosniff',
      'content-security-policy': 'sandbox',
      'content-type': 'application/octet-stream',
      'content-disposition': `attachment; filename="____ (final).raw"; filename*=UTF-8''${encodeURIComponent('会议纪要')}%20%28final%29.raw`,
    });
  });

  it('serves single byte ranges with 206 and Content-Range', async () => {
    for (const [range, start, end] of [['bytes=0-99', 0, 99], ['bytes=900-', 900, 999], ['bytes=-10', 990, 999], ['bytes=500-5000', 500, 999]] as const) {
      const { res, bytes: body } = await fetchBytes(url, token, { Range: range });
      expect(res.status, range).toBe(206);
      expect(res.headers.get('content-range')).toBe(`bytes ${start}-${end}/1000`);
      expect(res.headers.get('content-length')).toBe(String(end - start + 1));
      expect(body.equals(bytes.subarray(start, end + 1))).toBe(true);
    }
  });

  it('answers 416 with Content-Range bytes */N for a range past the end', async () => {
    const { res } = await fetchBytes(url, token, { Range: 'bytes=1000-' });
    expect(res.status).toBe(416);
    expect(res.headers.get('content-range')).toBe('bytes */1000');
  });

  it('sends everything for several ranges, or when If-Range names another version', async () => {
    expect((await fetchBytes(url, token, { Range: 'bytes=0-1,5-6' })).res.status).toBe(200);
    expect((await fetchBytes(url, token, { Range: 'bytes=0-1', 'If-Range': '"other"' })).res.status).toBe(200);
    expect((await fetchBytes(url, token, { Range: 'bytes=0-1', 'If-Range': etag })).res.status).toBe(206);
  });

  it('answers 304 to If-None-Match with the hash', async () => {
    const { res, bytes: body } = await fetchBytes(url, token, { 'If-None-Match': `"x", W/${etag}` });
    expect(res.status).toBe(304);
    expect(body.length).toBe(0);
    expect(res.headers.get('etag')).toBe(etag);
  });

  it('answers HEAD with the headers and no body', async () => {
    const res = await fetch(url, { method: 'HEAD', headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe('1000');
    expect(res.headers.get('etag')).toBe(etag);
  });

  it('refuses requests without a live session, and unknown or malformed ids as not found', async () => {
    const anonymous = await fetch(url);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error: { code: 'auth.required' } });
    const signedOut = await signedInClient(server);
    await signedOut.client.request('auth.signOut', {});
    const stale = await fetch(url, { headers: { Authorization: `Bearer ${signedOut.session.token}` } });
    expect(await stale.json()).toMatchObject({ error: { code: 'auth.session_invalid' } });
    for (const id of ['no-such-file', '..%2F..%2Fmagpie.db', 'x'.repeat(100)]) {
      const res = await fetch(`${server.httpUrl}/files/${id}`, { headers: { Authorization: `Bearer ${token}` } });
      expect(res.status, id).toBe(404);
      expect(await res.json()).toMatchObject({ error: { code: 'file.not_found' } });
    }
  });
});
