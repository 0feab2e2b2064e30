import { createContext, useContext } from 'react';
import type { ConversationSummary } from '../../../shared/ipc';
import type { User } from '../../../shared/protocol/entities';

/**
 * What every row of one conversation shares: who is reading, the conversation (roles, state) and
 * the people it names. One memoized value, so memoized rows re-render only when it changes.
 */
export interface TimelineContextValue {
  me: User;
  conversation: ConversationSummary | null;
  people: Map<string, User>;
}

const TimelineContext = createContext<TimelineContextValue | null>(null);

export const TimelineProvider = TimelineContext.Provider;

export function useTimeline(): TimelineContextValue {
  const value = useContext(TimelineContext);
  if (!value) throw new Error('useTimeline outside a TimelineProvider');
  return value;
}
