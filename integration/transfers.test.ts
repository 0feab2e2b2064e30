import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { TestClient } from '../main/core/testing/test-client';
import { createWorld, eventually } from './helpers';

/** A real 2x2 PNG (the server detects types from the bytes and thumbnails images). */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==',
  'base64',
);
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

let world: Awaited<ReturnType<typeof createWorld>> | null = null;
afterEach(async () => {
  await world?.dispose();
  world = null;
});

async function stage(client: TestClient, bytes: Buffer, name: string, contentType: string): Promise<string> {
  const { stagingId } = await client.call('transfers.stage', { name, contentType, size: bytes.length, offset: 0, chunkBase64: bytes.toString('base64'), last: true });
  return stagingId;
}

async function readMedia(client: TestClient, url: string) {
  const reply = await client.core.serveMedia({ method: 'GET', target: url.slice(client.desktop.mediaBaseUrl.length), range: undefined });
  const parts: Buffer[] = [];
  for await (const part of reply.body ?? []) parts.push(part as Buffer);
  return { status: reply.status, bytes: Buffer.concat(parts), type: reply.headers['Content-Type'] };
}

describe('files between two people, through the real server', () => {
  it('an image sent from a staged file reaches the other person, who downloads the same bytes and sees it through media URLs', async () => {
    world = await createWorld();
    const { ann, bob, conversationId } = await world.pair();

    const stagingId = await stage(ann, PNG, '小图.png', 'image/png');
    const { message } = await ann.call('messages.send', { conversationId, text: '看这个', stagingId });
    expect(message.status).toBe('sending');

    let messageId = '';
    await eventually(async () => {
      const { messages } = await bob.call('messages.list', { conversationId, limit: 50 });
      const image = messages.find((m) => m.kind === 'image');
      expect(image?.attachment).toMatchObject({ name: '小图.png', size: PNG.length, sha256: sha(PNG), contentType: 'image/png' });
      messageId = image!.id!;
    }, 15_000);

    const upload = (await ann.call('transfers.list', {})).transfers[0];
    expect(upload).toMatchObject({ direction: 'upload', state: 'done', messageClientId: message.clientId });

    const { transfer } = await bob.call('transfers.download', { conversationId, messageId });
    await eventually(async () => expect((await bob.call('transfers.list', {})).transfers[0]).toMatchObject({ id: transfer.id, state: 'done' }), 15_000);
    const [done] = (await bob.call('transfers.list', {})).transfers;
    expect(sha(readFileSync(done!.localPath!))).toBe(sha(PNG));
    await bob.call('transfers.showInFolder', { transferId: transfer.id });
    expect(bob.desktop.actions).toEqual([{ action: 'showItemInFolder', path: done!.localPath }]);

    const { url } = await bob.call('media.url', { fileId: upload!.fileId!, variant: 'original' });
    const original = await readMedia(bob, url);
    expect(original.status).toBe(200);
    expect(original.bytes.equals(PNG)).toBe(true);
    const thumbnail = await readMedia(bob, (await bob.call('media.url', { fileId: upload!.fileId!, variant: 'thumbnail' })).url);
    expect(thumbnail.status).toBe(200);
    expect(thumbnail.type).toMatch(/^image\//);
  }, 60_000);

  it('a staged picture becomes the avatar, which others can see through media URLs', async () => {
    world = await createWorld();
    const { ann, bob } = await world.pair();
    const { user } = await ann.call('account.updateProfile', { avatarStagingId: await stage(ann, PNG, 'me.png', 'image/png') });
    expect(user.avatarFileId).toBeTruthy();
    const seen = await readMedia(bob, (await bob.call('media.url', { fileId: user.avatarFileId!, variant: 'original' })).url);
    expect(seen.status).toBe(200);
    expect(seen.bytes.equals(PNG)).toBe(true);
  }, 60_000);

  it('a file the server refuses fails the message for good, and the transfer says why', async () => {
    world = await createWorld();
    const { ann, conversationId } = await world.pair();
    const stagingId = await stage(ann, Buffer.from('MZ fake program'), 'setup.exe', 'application/octet-stream');
    const { message } = await ann.call('messages.send', { conversationId, text: '', stagingId });
    await eventually(async () => {
      const { messages } = await ann.call('messages.list', { conversationId, limit: 50 });
      expect(messages.find((m) => m.clientId === message.clientId)).toMatchObject({ status: 'failed' });
    }, 15_000);
    const [upload] = (await ann.call('transfers.list', {})).transfers;
    expect(upload).toMatchObject({ state: 'failed', error: { code: 'file.type_not_allowed' } });
  }, 60_000);
});
