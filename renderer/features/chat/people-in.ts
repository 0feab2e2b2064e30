import type { TimelineMessage } from '../../../shared/ipc';

/** Everyone the loaded messages name: senders, event actors and targets, quoted authors, reactors. */
export function namedIn(messages: readonly TimelineMessage[]): string[] {
  const ids = new Set<string>();
  for (const m of messages) {
    ids.add(m.senderId);
    if (m.system) {
      ids.add(m.system.actorId);
      for (const id of m.system.targetIds) ids.add(id);
    }
    if (m.replyTo) ids.add(m.replyTo.senderId);
    if (m.recalled) ids.add(m.recalled.by);
    for (const id of m.mentions) ids.add(id);
    for (const r of m.reactions) for (const id of r.userIds) ids.add(id);
  }
  return [...ids];
}

