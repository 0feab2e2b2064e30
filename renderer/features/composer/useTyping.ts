import { useCallback, useEffect, useRef } from 'react';
import { LIMITS } from '../../../shared/limits';
import { invoke } from '../../bridge/client';

/** Renewed well inside the indicator's lifetime, so it never flickers off mid-sentence. */
const RENEW_MS = LIMITS.typingTtlMs / 2;
/** This long without a keystroke means the user stopped typing. */
const IDLE_MS = 4000;

/**
 * Tells the other members the user is typing: once at the first keystroke, again every few
 * seconds while typing goes on, and "stopped" after a pause, on send, or on leaving. Failures
 * are ignored: typing indicators are a courtesy, never worth an error.
 */
export function useTyping(conversationId: string) {
  const lastSent = useRef(0);
  const idle = useRef<ReturnType<typeof setTimeout> | null>(null);

  const set = useCallback((typing: boolean) => {
    invoke('typing.set', { conversationId, typing }).catch(() => undefined);
  }, [conversationId]);

  const stop = useCallback(() => {
    if (idle.current) clearTimeout(idle.current);
    idle.current = null;
    if (lastSent.current !== 0) {
      lastSent.current = 0;
      set(false);
    }
  }, [set]);

  const keystroke = useCallback(() => {
    const now = Date.now();
    if (now - lastSent.current >= RENEW_MS) {
      lastSent.current = now;
      set(true);
    }
    if (idle.current) clearTimeout(idle.current);
    idle.current = setTimeout(stop, IDLE_MS);
  }, [set, stop]);

  useEffect(() => stop, [stop]);
  return { keystroke, stop };
}
