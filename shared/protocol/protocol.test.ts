import { describe, expect, it } from 'vitest';
import { LIMITS } from '../limits';
import { ClientFrameSchema, METHODS, PROTOCOL_VERSION, ServerFrameSchema } from './index';

describe('the wire protocol', () => {
  it('accepts a well-formed request frame', () => {
    const frame = { v: PROTOCOL_VERSION, type: 'request', id: 'r1', method: 'messages.send', params: {} };
    expect(ClientFrameSchema.parse(frame)).toEqual(frame);
  });

  it('refuses a request for a method that does not exist', () => {
    const result = ClientFrameSchema.safeParse({ v: 1, type: 'request', id: 'r1', method: 'users.delete', params: {} });
    expect(result.success).toBe(false);
  });

  it('refuses a frame without a version', () => {
    expect(ClientFrameSchema.safeParse({ type: 'request', id: 'r1', method: 'system.ping', params: {} }).success).toBe(false);
  });

  it('refuses a message longer than the limit', () => {
    const params = { conversationId: 'c1', clientId: 'k1', text: 'x'.repeat(LIMITS.maxMessageChars + 1) };
    expect(METHODS['messages.send'].params.safeParse(params).success).toBe(false);
    expect(METHODS['messages.send'].params.safeParse({ ...params, text: '你好'.repeat(10) }).success).toBe(true);
  });

  it('refuses ids that could smuggle paths or markup', () => {
    for (const id of ['../etc', 'a b', '<script>', '']) {
      expect(METHODS['conversations.openDirect'].params.safeParse({ userId: id }).success).toBe(false);
    }
  });

  it('parses replies, events and faults from the server and refuses anything else', () => {
    const message = { id: 'm1', conversationId: 'c1', seq: 1, clientId: 'k1', senderId: 'u1', kind: 'text', text: '早上好', createdAt: 1 };
    expect(ServerFrameSchema.safeParse({ v: 1, type: 'reply', id: 'r1', ok: true, result: {} }).success).toBe(true);
    expect(
      ServerFrameSchema.safeParse({ v: 1, type: 'reply', id: 'r1', ok: false, error: { code: 'auth.required', message: 'no' } }).success,
    ).toBe(true);
    expect(ServerFrameSchema.safeParse({ v: 1, type: 'event', event: 'message.new', data: { message } }).success).toBe(true);
    expect(
      ServerFrameSchema.safeParse({ v: 1, type: 'fault', error: { code: 'protocol.version_unsupported', message: 'old' }, serverVersion: 2 })
        .success,
    ).toBe(true);
    expect(ServerFrameSchema.safeParse({ v: 1, type: 'event', event: 'message.new', data: { message: { ...message, seq: 0 } } }).success).toBe(
      false,
    );
    expect(ServerFrameSchema.safeParse({ v: 1, type: 'reply', id: 'r1', ok: false, error: { code: 'made.up', message: '' } }).success).toBe(false);
  });
});
