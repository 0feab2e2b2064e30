import { useEffect } from 'react';
import type { TimelineMessage } from '../../../shared/ipc';
import { MESSAGE_PAGE_SIZE } from '../../data/messages';
import { useUiStore, type JumpTarget } from '../../state/ui-store';

/** At most this many messages are loaded looking for a jump target (then the search gives up). */
const MAX_JUMP_MESSAGES = 100 * MESSAGE_PAGE_SIZE;

interface History {
  isSuccess: boolean;
  messages: TimelineMessage[];
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
}

/**
 * The message this conversation should jump to, once it is loaded. A search hit can be far older
 * than the newest page, so older pages load one after another until its seq is in, within a bound;
 * a target that cannot be reached (deleted, or past the bound) is dropped rather than chased.
 */
export function useJumpTarget(conversationId: string, history: History): JumpTarget | null {
  const target = useUiStore((s) => (s.jumpTarget?.conversationId === conversationId ? s.jumpTarget : null));
  const { isSuccess, messages, hasNextPage, isFetchingNextPage, fetchNextPage } = history;
  const loaded = target !== null && messages.some((m) => m.seq === target.seq);

  useEffect(() => {
    if (!target || !isSuccess || loaded || isFetchingNextPage) return;
    const oldest = messages.find((m) => m.seq !== null)?.seq ?? null;
    const passed = oldest !== null && oldest < target.seq;
    if (passed || !hasNextPage || messages.length >= MAX_JUMP_MESSAGES) useUiStore.getState().clearJumpTarget();
    else void fetchNextPage();
  }, [target, isSuccess, loaded, isFetchingNextPage, messages, hasNextPage, fetchNextPage]);

  return loaded ? target : null;
}
