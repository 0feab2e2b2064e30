import { describe, expect, it } from 'vitest';
import { OutboxItemSchema, type OutboxItem } from '../../shared/cache';
import { MessageSchema, type Message } from '../../shared/protocol';
import type { AuditInput, DeviceCacheState, SendRecord, ServerConversationLog, ViolationKind } from './audit-types';
import { auditSoak } from './cache-audit';

/**
 * The audit must be able to fail: each case below breaks a clean state in exactly one way and
 * expects exactly that fault to be reported (and nothing else).
 */
const ANN = 'u-ann';
const BOB = 'u-bob';
const CONV = 'c-ab';

const msg = (seq: number, text = `你好 ${seq}`, sender = seq % 2 ? ANN : BOB): Message => MessageSchema.parse({
  id: `m${seq}`,
  conversationId: CONV,
  seq,
  clientId: `k${seq}`,
  senderId: sender,
  kind: 'text',
  text,
  createdAt: 1_000 + seq,
});

const sendOf = (message: Message): SendRecord => ({
  device: message.senderId === ANN ? 'ann-laptop' : 'bob-desktop',
  accountId: message.senderId,
  conversationId: message.conversationId,
  text: message.text,
  outcome: { kind: 'confirmed', clientId: message.clientId },
});

const outboxItem = (clientId: string, text: string): OutboxItem => OutboxItemSchema.parse({
  clientId, conversationId: CONV, senderId: ANN, text, createdAt: 1, order: 1, attempts: 3, status: 'pending',
});

/** Three messages, on the server and in both members' caches, every outbox empty. */
function cleanState(): AuditInput {
  const messages = [msg(1), msg(2), msg(3)];
  const server: ServerConversationLog = { conversationId: CONV, label: 'ann+bob', memberIds: [ANN, BOB], lastSeq: 3, messages };
  const device = (name: string, accountId: string): DeviceCacheState => ({
    device: name, accountId, conversationIds: [CONV], timelines: { [CONV]: messages.map((m) => ({ ...m })) }, outbox: [],
  });
  return {
    server: [server],
    devices: [device('ann-laptop', ANN), device('ann-phone', ANN), device('bob-desktop', BOB)],
    sends: messages.map(sendOf),
  };
}

const kinds = (input: AuditInput): ViolationKind[] => auditSoak(input).map((v) => v.kind);
const serverLog = (input: AuditInput) => input.server[0]!;
const annCache = (input: AuditInput) => input.devices[0]!;

describe('auditSoak', () => {
  it('finds nothing wrong with a clean state', () => {
    expect(auditSoak(cleanState())).toEqual([]);
  });

  it('tolerates an unconfirmed send that never arrived, and one that arrived once', () => {
    const state = cleanState();
    state.sends.push({ ...sendOf(msg(9)), outcome: { kind: 'unconfirmed' } });
    state.sends[2]!.outcome = { kind: 'unconfirmed' };
    expect(auditSoak(state)).toEqual([]);
  });

  it('reports a confirmed send the server never got and no outbox holds (lost)', () => {
    const state = cleanState();
    state.sends.push(sendOf(msg(4, 'never arrived')));
    expect(kinds(state)).toEqual(['lost']);
  });

  it('reports a confirmed send still sitting in an outbox (unsent), on the server and on the device', () => {
    const state = cleanState();
    state.sends.push(sendOf(msg(4, 'stuck', ANN)));
    annCache(state).outbox.push(outboxItem('k4', 'stuck'));
    expect(kinds(state).sort()).toEqual(['unsent', 'unsent']);
  });

  it('reports an outbox item left behind although the server has the message', () => {
    const state = cleanState();
    annCache(state).outbox.push(outboxItem('k1', msg(1).text));
    const violations = auditSoak(state);
    expect(violations.map((v) => v.kind)).toEqual(['unsent']);
    expect(violations[0]!.detail).toMatch(/although the server has it/);
  });

  it('reports the same sent text accepted twice under a new clientId (duplicated)', () => {
    const state = cleanState();
    const again = { ...msg(4, msg(3).text, msg(3).senderId), clientId: 'k-resend' };
    serverLog(state).messages.push(again);
    serverLog(state).lastSeq = 4;
    for (const device of state.devices) device.timelines[CONV]!.push({ ...again });
    expect(kinds(state)).toContain('duplicated');
    expect(kinds(state).filter((k) => k !== 'phantom')).toEqual(['duplicated']);
  });

  it('reports one clientId at two seqs on the server (duplicated)', () => {
    const state = cleanState();
    const twice = { ...msg(2), seq: 4, id: 'm4' };
    serverLog(state).messages.push(twice);
    serverLog(state).lastSeq = 4;
    for (const device of state.devices) device.timelines[CONV]!.push({ ...twice });
    expect(kinds(state)).toContain('duplicated');
    expect(new Set(kinds(state))).toEqual(new Set(['duplicated']));
  });

  it('reports a hole in the server log and a lastSeq past the end (gap)', () => {
    const hole = cleanState();
    serverLog(hole).messages.splice(1, 1);
    // The hole is a gap, and the confirmed send that stood there is lost.
    expect(auditSoak(hole).filter((v) => v.where === 'server').map((v) => v.kind)).toEqual(['gap', 'lost']);

    const short = cleanState();
    serverLog(short).lastSeq = 5;
    expect(kinds(short)).toEqual(['gap']);
  });

  it('reports server messages listed out of order (reordered)', () => {
    const state = cleanState();
    serverLog(state).messages.reverse();
    expect(kinds(state)).toContain('reordered');
    expect(new Set(kinds(state))).toEqual(new Set(['reordered']));
  });

  it('reports a cache that stops short of the server (lost)', () => {
    const state = cleanState();
    annCache(state).timelines[CONV]!.pop();
    const violations = auditSoak(state);
    expect(violations.map((v) => `${v.kind}@${v.where}`)).toEqual(['lost@ann-laptop']);
  });

  it('reports a hole in a cache (gap)', () => {
    const state = cleanState();
    annCache(state).timelines[CONV]!.splice(1, 1);
    expect(kinds(state)).toEqual(['gap']);
  });

  it('reports a cache holding a message at another seq than the server (reordered)', () => {
    const state = cleanState();
    const timeline = annCache(state).timelines[CONV]!;
    const [second, third] = [timeline[1]!, timeline[2]!];
    timeline[1] = { ...third, seq: 2 };
    timeline[2] = { ...second, seq: 3 };
    expect(kinds(state)).toEqual(['reordered', 'reordered']);
  });

  it('reports a cache whose copy of a message reads differently (diverged)', () => {
    const state = cleanState();
    annCache(state).timelines[CONV]![0]!.text = '你好（改过）';
    expect(kinds(state)).toEqual(['diverged']);
  });

  it('reports the same clientId twice in a cache (duplicated)', () => {
    const state = cleanState();
    annCache(state).timelines[CONV]!.push({ ...msg(3), seq: 4 });
    expect(kinds(state)).toContain('duplicated');
  });

  it('reports a message nobody sent, and a refused send that got through (phantom)', () => {
    const ghost = cleanState();
    ghost.sends.pop();
    expect(kinds(ghost)).toEqual(['phantom']);

    const refused = cleanState();
    refused.sends[0]!.outcome = { kind: 'refused', code: 'message.too_long' };
    expect(kinds(refused)).toEqual(['phantom']);
  });

  it('reports a member whose cache does not list the conversation (missing-conversation)', () => {
    const state = cleanState();
    annCache(state).conversationIds = [];
    expect(kinds(state)).toEqual(['missing-conversation']);
  });

  it('names the conversation and the place in every report', () => {
    const state = cleanState();
    annCache(state).timelines[CONV]!.pop();
    expect(auditSoak(state)[0]).toMatchObject({ conversation: 'ann+bob', where: 'ann-laptop', detail: expect.stringContaining('seq 2') });
  });
});

describe('auditSoak: reactions and hides', () => {
  const withLedger = (input: AuditInput, change: (send: SendRecord) => void) => {
    change(input.sends[1]!);
    return input;
  };
  const react = (message: Message, userId: string, emoji = '👍'): Message => ({ ...message, reactions: [{ emoji, userIds: [userId] }] });

  it('accepts reactions that match the ledger, on the server and in every cache', () => {
    const input = withLedger(cleanState(), (send) => (send.reactions = [{ accountId: ANN, emoji: '👍', on: true }]));
    serverLog(input).messages[1] = react(serverLog(input).messages[1]!, ANN);
    for (const device of input.devices) device.timelines[CONV]![1] = react(device.timelines[CONV]![1]!, ANN);
    expect(auditSoak(input)).toEqual([]);
  });

  it('reports a reaction the server lost, and one a cache missed', () => {
    const lostOnServer = withLedger(cleanState(), (send) => (send.reactions = [{ accountId: ANN, emoji: '👍', on: true }]));
    expect(kinds(lostOnServer)).toEqual(['diverged']);

    const cacheBehind = cleanState();
    serverLog(cacheBehind).messages[1] = react(serverLog(cacheBehind).messages[1]!, BOB);
    for (const device of cacheBehind.devices.slice(1)) device.timelines[CONV]![1] = react(device.timelines[CONV]![1]!, BOB);
    cacheBehind.sends[1]!.reactionsUncertain = true;
    expect(kinds(cacheBehind)).toEqual(['diverged']);
    expect(auditSoak(cacheBehind)[0]!.where).toBe('ann-laptop');
  });

  it('a reaction turned off again, or cleared by a recall, is expected gone', () => {
    const input = withLedger(cleanState(), (send) => {
      send.reactions = [{ accountId: ANN, emoji: '👍', on: true }, { accountId: ANN, emoji: '👍', on: false }];
    });
    expect(auditSoak(input)).toEqual([]);
  });

  it('a message an account hid is missing from its view and caches only, and is no gap there', () => {
    const input = withLedger(cleanState(), (send) => (send.hiddenBy = [ANN]));
    const all = serverLog(input).messages;
    serverLog(input).views = { [ANN]: [all[0]!, all[2]!], [BOB]: all };
    input.devices[0]!.timelines[CONV] = [all[0]!, all[2]!];
    input.devices[1]!.timelines[CONV] = [all[0]!, all[2]!];
    expect(auditSoak(input)).toEqual([]);
  });

  it('reports a hidden message still cached, and a hide the server did not keep', () => {
    const stillCached = withLedger(cleanState(), (send) => (send.hiddenBy = [ANN]));
    const all = serverLog(stillCached).messages;
    serverLog(stillCached).views = { [ANN]: [all[0]!, all[2]!], [BOB]: all };
    stillCached.devices[1]!.timelines[CONV] = [all[0]!, all[2]!];
    expect(kinds(stillCached)).toEqual(['diverged']);
    expect(auditSoak(stillCached)[0]!.where).toBe('ann-laptop');

    const notKept = withLedger(cleanState(), (send) => (send.hiddenBy = [ANN]));
    expect(kinds(notKept)).toEqual(['diverged']);
    expect(auditSoak(notKept)[0]!.where).toBe('server');
  });
});
