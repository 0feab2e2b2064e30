import type { Message } from '../../shared/protocol';
import type { AuditInput, DeviceCacheState, SendRecord, ServerConversationLog, Violation } from './audit-types';
import { auditSequence, missingRanges } from './sequence-audit';

/**
 * The soak's verdict: compares the server's log of every conversation with the ledger of sends
 * and with every member device's cache, and lists every way they disagree. Pure (no I/O), so its
 * own tests can feed it crafted states with one fault each.
 *
 * Promises checked, per conversation:
 * - server: seqs 1..lastSeq without holes, repeats or disorder; every clientId and every sent text
 *   at most once; nothing nobody sent; every confirmed send exactly once, with its content;
 * - reactions: every confirmed send carries the reactions the ledger folds (recall clears them);
 * - hides: a message an account hid is gone from that account's view on the server;
 * - each member's cache: lists the conversation, holds exactly the account's view of the server's
 *   messages (what it hid excepted) at the server's seqs with the same content, nothing more;
 * - every outbox: empty (anything left was written by a client and never made it).
 */
export function auditSoak(input: AuditInput): Violation[] {
  const labels = new Map(input.server.map((log) => [log.conversationId, log.label]));
  const label = (conversationId: string) => labels.get(conversationId) ?? conversationId;
  return [
    ...input.server.flatMap((log) => auditServerLog(log, input.sends)),
    ...auditConfirmedSends(input, label),
    ...input.devices.flatMap((device) => auditDevice(device, input.server, label)),
  ];
}

/**
 * What a send should read as now: its text, the newest accepted edit's (marked edited), or
 * "recalled". Null when an edit or recall went unanswered, so either outcome is possible.
 */
export function expectedContent(send: SendRecord): string | null {
  if (send.uncertain) return null;
  const revisions = send.revisions ?? [];
  if (revisions.some((revision) => revision.kind === 'recall')) return '⟨recalled⟩';
  const edits = revisions.filter((revision) => revision.kind === 'edit');
  return edits.length > 0 ? `${edits.at(-1)!.text} ⟨edited⟩` : send.text;
}

/**
 * The reactions a send should carry now, folded from the accepted ones (`emoji:account`, sorted).
 * A recall clears them. Null when a reaction, edit or recall went unanswered.
 */
export function expectedReactions(send: SendRecord): string | null {
  const content = expectedContent(send);
  if (content === null || send.reactionsUncertain) return null;
  if (content === '⟨recalled⟩') return '';
  const on = new Set<string>();
  for (const { emoji, accountId, on: add } of send.reactions ?? []) {
    if (add) on.add(`${emoji}:${accountId}`);
    else on.delete(`${emoji}:${accountId}`);
  }
  return [...on].sort().join(' ');
}

export function reactionsOf(message: Message): string {
  return message.reactions.flatMap((reaction) => reaction.userIds.map((userId) => `${reaction.emoji}:${userId}`)).sort().join(' ');
}

/** What one member's caches must hold: the server's messages minus those the account hid. */
export function viewOf(log: ServerConversationLog, accountId: string): Message[] {
  return log.views?.[accountId] ?? log.messages;
}

/** A message as the ledger can predict it: text, whether edited, whether recalled. */
export function contentOf(message: Message): string {
  if (message.recalled) return '⟨recalled⟩';
  return message.editedAt !== null ? `${message.text} ⟨edited⟩` : message.text;
}

/** Everything a cache must agree with the server on: content, edit time, recall, reactions. */
export function stateOf(message: Message): string {
  const reactions = message.reactions.map((reaction) => `${reaction.emoji}:${[...reaction.userIds].sort().join(',')}`).join(' ');
  return `${contentOf(message)} @${message.editedAt ?? '-'} [${reactions}]`;
}

function auditServerLog(log: ServerConversationLog, sends: readonly SendRecord[]): Violation[] {
  const at = { conversation: log.label, where: 'server' };
  const violations = auditSequence(log.messages, at, log.lastSeq);
  const report = (kind: Violation['kind'], detail: string) => violations.push({ kind, ...at, detail });

  const confirmed = new Map<string, SendRecord>();
  const byText = new Map<string, SendRecord>();
  for (const send of sends) {
    if (send.outcome.kind === 'confirmed') confirmed.set(`${send.accountId}/${send.outcome.clientId}`, send);
    byText.set(send.text, send);
  }

  const textSeqs = new Map<string, number>();
  for (const message of log.messages) {
    // The server writes these itself (a group created, members added): no send stands behind them.
    if (message.kind === 'system') continue;
    const send = confirmed.get(`${message.senderId}/${message.clientId}`);
    if (send) {
      if (send.conversationId !== log.conversationId) report('diverged', `seq ${message.seq} (clientId ${message.clientId}) was sent to another conversation`);
      else if (expectedContent(send) !== null && contentOf(message) !== expectedContent(send)) report('diverged', `seq ${message.seq} reads "${contentOf(message)}", the ledger says "${expectedContent(send)}"`);
      else if (expectedReactions(send) !== null && reactionsOf(message) !== expectedReactions(send)) {
        report('diverged', `seq ${message.seq} has reactions "${reactionsOf(message)}", the ledger says "${expectedReactions(send)}"`);
      }
      for (const accountId of send.hiddenBy ?? []) {
        if (viewOf(log, accountId).some((seen) => seen.id === message.id)) report('diverged', `seq ${message.seq} was hidden by ${accountId}, yet the server still shows it to them`);
      }
    } else {
      const byItsText = byText.get(message.text);
      if (!byItsText) report('phantom', `seq ${message.seq} "${message.text}" was never sent`);
      else if (byItsText.outcome.kind === 'refused') report('phantom', `seq ${message.seq} "${message.text}" was refused (${byItsText.outcome.code}) yet arrived`);
      else if (byItsText.outcome.kind === 'confirmed') report('phantom', `seq ${message.seq} "${message.text}" arrived under clientId ${message.clientId}, not the confirmed ${byItsText.outcome.clientId}`);
    }
    // A resend that the server failed to recognise shows up as the same text under a new seq.
    const first = textSeqs.get(message.text);
    if (first !== undefined && byText.has(message.text)) report('duplicated', `"${message.text}" accepted twice (seq ${first} and seq ${message.seq})`);
    if (first === undefined) textSeqs.set(message.text, message.seq);
  }
  return violations;
}

/** Every send the bridge confirmed must be on the server; if not, say whether it is still queued. */
function auditConfirmedSends(input: AuditInput, label: (id: string) => string): Violation[] {
  const onServer = new Set<string>();
  for (const log of input.server) for (const message of log.messages) onServer.add(`${message.senderId}/${message.clientId}`);
  const queued = new Map<string, string>();
  for (const device of input.devices) for (const item of device.outbox) queued.set(`${device.accountId}/${item.clientId}`, device.device);

  const violations: Violation[] = [];
  for (const send of input.sends) {
    if (send.outcome.kind !== 'confirmed') continue;
    const key = `${send.accountId}/${send.outcome.clientId}`;
    if (onServer.has(key)) continue;
    const stuckOn = queued.get(key);
    violations.push({
      kind: stuckOn ? 'unsent' : 'lost',
      conversation: label(send.conversationId),
      where: 'server',
      detail: stuckOn
        ? `"${send.text}" from ${send.device} never reached the server (still in ${stuckOn}'s outbox)`
        : `"${send.text}" from ${send.device} (clientId ${send.outcome.clientId}) is on the server and in no outbox`,
    });
  }
  return violations;
}

function auditDevice(device: DeviceCacheState, server: readonly ServerConversationLog[], label: (id: string) => string): Violation[] {
  const violations: Violation[] = [];
  const mine = server.filter((log) => log.memberIds.includes(device.accountId));
  const mineIds = new Set(mine.map((log) => log.conversationId));
  for (const log of mine) violations.push(...auditTimeline(device, log));

  for (const conversationId of new Set([...device.conversationIds, ...Object.keys(device.timelines)])) {
    if (!mineIds.has(conversationId)) {
      violations.push({ kind: 'phantom', conversation: label(conversationId), where: device.device, detail: 'cache holds a conversation the account is not in' });
    }
  }
  for (const item of device.outbox) {
    const sent = server.some((log) => log.messages.some((m) => m.senderId === device.accountId && m.clientId === item.clientId));
    violations.push({
      kind: 'unsent',
      conversation: label(item.conversationId),
      where: device.device,
      detail: `outbox still holds "${item.text}" (${item.status}, ${item.attempts} attempts)${sent ? ', although the server has it' : ''}`,
    });
  }
  return violations;
}

function auditTimeline(device: DeviceCacheState, log: ServerConversationLog): Violation[] {
  const at = { conversation: log.label, where: device.device };
  if (!device.conversationIds.includes(log.conversationId)) {
    const violation: Violation = { ...at, kind: 'missing-conversation', detail: 'conversation not listed in the cache' };
    if (log.messages.length === 0) return [violation];
    return [violation, ...auditTimeline({ ...device, conversationIds: [...device.conversationIds, log.conversationId] }, log)];
  }
  const timeline = device.timelines[log.conversationId] ?? [];
  const view = viewOf(log, device.accountId);
  const visible = new Set(view.map((message) => message.seq));
  const hidden = new Set(log.messages.map((message) => message.seq).filter((seq) => !visible.has(seq)));
  const violations = auditSequence(timeline, at, undefined, hidden);
  const report = (kind: Violation['kind'], detail: string) => violations.push({ kind, ...at, detail });

  const serverBySeq = new Map(view.map((message) => [message.seq, message]));
  const serverSeqOf = new Map(log.messages.map((message) => [`${message.senderId}/${message.clientId}`, message.seq]));
  const cachedSeqs = new Set<number>();
  for (const message of timeline) {
    cachedSeqs.add(message.seq);
    const truth = serverBySeq.get(message.seq);
    if (truth && truth.senderId === message.senderId && truth.clientId === message.clientId) {
      if (stateOf(truth) !== stateOf(message)) report('diverged', `seq ${message.seq} reads "${stateOf(message)}", server has "${stateOf(truth)}"`);
      continue;
    }
    if (hidden.has(message.seq)) {
      report('diverged', `seq ${message.seq} "${message.text}" was hidden by this account but is still cached`);
      continue;
    }
    const elsewhere = serverSeqOf.get(`${message.senderId}/${message.clientId}`);
    if (elsewhere !== undefined) report('reordered', `"${message.text}" cached at seq ${message.seq}, server has it at seq ${elsewhere}`);
    else report('phantom', `seq ${message.seq} "${message.text}" is not on the server`);
  }

  const serverSeqs = new Set(serverBySeq.keys());
  const highestCached = Math.max(0, ...cachedSeqs);
  const behind = [...serverSeqs].filter((seq) => seq > highestCached);
  if (behind.length > 0) {
    report('lost', `cache stops at seq ${highestCached}; server has ${behind.length} more (${missingRanges(new Set([...cachedSeqs, ...hidden]), highestCached + 1, Math.max(...behind)).join(', ')})`);
  }
  return violations;
}
