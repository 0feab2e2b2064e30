import { describe, expect, it } from 'vitest';
import { ipcInvokeName } from './channels';
import { EVENT_CHANNELS, INVOKE_CHANNELS } from './contract';
import { ShellInvokeFrameSchema } from './shell-frames';

describe('the IPC contract', () => {
  it('normalises a username typed with capitals and spaces before it crosses', () => {
    const request = INVOKE_CHANNELS['session.signIn'].request.parse({ username: '  Alice ', password: 'secret' });
    expect(request.username).toBe('alice');
  });

  it('refuses a server address that is not http(s) or ws(s)', () => {
    const base = { username: 'alice', password: 'secret' };
    expect(INVOKE_CHANNELS['session.signIn'].request.safeParse({ ...base, serverUrl: 'file:///etc/passwd' }).success).toBe(false);
    expect(INVOKE_CHANNELS['session.signIn'].request.safeParse({ ...base, serverUrl: 'https://chat.example.com' }).success).toBe(true);
  });

  it('refuses a whitespace-only message', () => {
    expect(INVOKE_CHANNELS['messages.send'].request.safeParse({ conversationId: 'c1', text: ' \n\t ' }).success).toBe(false);
  });

  it('gives every channel a namespaced IPC name', () => {
    for (const channel of Object.keys(INVOKE_CHANNELS)) expect(ipcInvokeName(channel as keyof typeof INVOKE_CHANNELS)).toMatch(/^magpie:invoke:/);
    expect(Object.keys(EVENT_CHANNELS).length).toBeGreaterThan(0);
  });

  it('the shell carries only channels the contract declares', () => {
    expect(ShellInvokeFrameSchema.safeParse({ type: 'invoke', id: 1, channel: 'session.get', request: {} }).success).toBe(true);
    expect(ShellInvokeFrameSchema.safeParse({ type: 'invoke', id: 1, channel: 'fs.readFile', request: {} }).success).toBe(false);
  });
});
