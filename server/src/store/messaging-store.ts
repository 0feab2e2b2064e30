import type { Conversation, Message, Presence, User } from '../../../shared/protocol';
import type { ProfilePatch } from './accounts-store';
import type { Written } from './changes';
import { viewsFor } from './messaging-access';
import * as feed from './messaging-feed';
import * as groups from './messaging-groups';
import * as messages from './messaging-messages';
import * as presence from './messaging-presence';
import * as profile from './messaging-profile';
import * as reads from './messaging-reads';
import type { OpRunner } from './sql-ops';

export type { BootstrapPage, CatchUpEntry, CatchUpScan } from './messaging-reads';
export type { GroupChanges } from './messaging-groups';
export type { SendInput } from './messaging-messages';

/**
 * The messaging model (conversations, groups, messages, the change feed) over either engine: the
 * SQL is written once (messaging-*.ts, as ops) and `runner` runs it in the engine's transactions.
 * Writes check the caller's rights inside their transaction and return the live events to publish
 * once committed.
 */
export class Messaging {
  constructor(private readonly runner: OpRunner) {}

  listConversations(userId: string): Promise<Conversation[]> {
    return this.runner.read(() => reads.listConversations(userId));
  }
  conversationFor(userId: string, conversationId: string): Promise<Conversation> {
    return this.runner.read(() => reads.conversationFor(userId, conversationId));
  }
  history(userId: string, conversationId: string, beforeSeq: number | undefined, limit: number) {
    return this.runner.read(() => reads.history(userId, conversationId, beforeSeq, limit));
  }
  findMessage(messageId: string): Promise<Message | null> {
    return this.runner.read(() => reads.findMessage(messageId));
  }
  usersById(ids: readonly string[]): Promise<User[]> {
    return this.runner.read(() => reads.usersById(ids));
  }
  bootstrap(userId: string, afterId: string | undefined, recent: number) {
    return this.runner.read(() => reads.bootstrap(userId, afterId, recent));
  }
  catchUp(userId: string, after: number, limit: number) {
    return this.runner.read(() => reads.catchUp(userId, after, limit));
  }
  feedHead(): Promise<number> {
    return this.runner.read(() => reads.feedHead());
  }
  /** The highest pruned feed position: cursors below it get `sync.cursor_expired`. */
  feedFloor(): Promise<number> {
    return this.runner.read(() => feed.feedFloor());
  }
  /** Prunes rows written before `cutoff`, `batch` per transaction; resolves with how many went. */
  async pruneFeed(cutoff: number, batch = 5_000): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = await this.runner.write(() => feed.pruneFeed(cutoff, batch));
      total += deleted;
      if (deleted < batch) return total;
    }
  }
  /** Each listed user's view of the conversation (those with no member row are left out). */
  viewsOf(conversationId: string, userIds: readonly string[]): Promise<Array<{ userId: string; conversation: Conversation }>> {
    return this.runner.read(function* () {
      const views: Array<{ userId: string; conversation: Conversation }> = [];
      for (const userId of new Set(userIds)) {
        const [conversation] = yield* viewsFor(userId, [conversationId]);
        if (conversation) views.push({ userId, conversation });
      }
      return views;
    });
  }
  conversationAudience(conversationId: string, seq: number): Promise<string[]> {
    return this.runner.read(() => reads.conversationAudience(conversationId, seq));
  }
  sharingWith(userId: string, others?: readonly string[]): Promise<string[]> {
    return this.runner.read(() => reads.sharingWith(userId, others));
  }

  typingAudience(userId: string, conversationId: string): Promise<string[]> {
    return this.runner.read(() => presence.typingAudience(userId, conversationId));
  }
  setNodePresence(nodeId: string, userId: string, sockets: number, away: number, expiresAt: number, now: number) {
    return this.runner.write(() => presence.setNodePresence(nodeId, userId, sockets, away, expiresAt, now));
  }
  refreshNodePresence(nodeId: string, expiresAt: number): Promise<void> {
    return this.runner.write(() => presence.refreshNode(nodeId, expiresAt));
  }
  dropPresence(options: { expiredBy?: number; nodeId?: string }): Promise<string[]> {
    return this.runner.write(() => presence.dropPresence(options));
  }
  presenceOf(userIds: readonly string[], now: number): Promise<Map<string, Presence>> {
    return this.runner.read(() => presence.presenceOf(userIds, now));
  }

  openDirect(userId: string, otherUserId: string, now: number) {
    return this.runner.write(() => groups.openDirect(userId, otherUserId, now));
  }
  createGroup(ownerId: string, title: string, memberIds: readonly string[], historyVisible: boolean, now: number) {
    return this.runner.write(() => groups.createGroup(ownerId, title, memberIds, historyVisible, now));
  }
  updateGroup(actorId: string, conversationId: string, changes: groups.GroupChanges, now: number) {
    return this.runner.write(() => groups.updateGroup(actorId, conversationId, changes, now));
  }
  addMembers(actorId: string, conversationId: string, userIds: readonly string[], now: number) {
    return this.runner.write(() => groups.addMembers(actorId, conversationId, userIds, now));
  }
  removeMember(actorId: string, conversationId: string, userId: string, now: number) {
    return this.runner.write(() => groups.removeMember(actorId, conversationId, userId, now));
  }
  setRole(actorId: string, conversationId: string, userId: string, role: 'admin' | 'member', now: number) {
    return this.runner.write(() => groups.setRole(actorId, conversationId, userId, role, now));
  }
  transferOwnership(actorId: string, conversationId: string, userId: string, now: number) {
    return this.runner.write(() => groups.transferOwnership(actorId, conversationId, userId, now));
  }
  muteMember(actorId: string, conversationId: string, userId: string, muted: boolean, now: number) {
    return this.runner.write(() => groups.muteMember(actorId, conversationId, userId, muted, now));
  }
  leave(userId: string, conversationId: string, now: number) {
    return this.runner.write(() => groups.leave(userId, conversationId, now));
  }
  dissolve(userId: string, conversationId: string, now: number) {
    return this.runner.write(() => groups.dissolve(userId, conversationId, now));
  }
  updateSettings(userId: string, conversationId: string, settings: { muted?: boolean; pinned?: boolean }) {
    return this.runner.write(() => groups.updateSettings(userId, conversationId, settings));
  }
  markRead(userId: string, conversationId: string, seq: number) {
    return this.runner.write(() => groups.markRead(userId, conversationId, seq));
  }

  /** Changes the given profile fields and tells the user's conversations through the feed; null when the user is unknown. */
  updateProfile(userId: string, patch: ProfilePatch): Promise<User | null> {
    return this.runner.write(() => profile.updateProfile(userId, patch));
  }

  send(input: messages.SendInput): Promise<Written<{ message: Message; created: boolean }>> {
    return this.runner.write(() => messages.send(input));
  }
  forward(userId: string, messageId: string, targets: ReadonlyArray<{ conversationId: string; clientId: string }>, now: number) {
    return this.runner.write(() => messages.forward(userId, messageId, targets, now));
  }
  edit(userId: string, messageId: string, text: string, mentions: readonly string[], mentionsAll: boolean, now: number) {
    return this.runner.write(() => messages.edit(userId, messageId, text, mentions, mentionsAll, now));
  }
  recall(userId: string, messageId: string, now: number, windowMs: number) {
    return this.runner.write(() => messages.recall(userId, messageId, now, windowMs));
  }
  react(userId: string, messageId: string, emoji: string, on: boolean) {
    return this.runner.write(() => messages.react(userId, messageId, emoji, on));
  }
  hide(userId: string, messageId: string, now: number) {
    return this.runner.write(() => messages.hide(userId, messageId, now));
  }
}
