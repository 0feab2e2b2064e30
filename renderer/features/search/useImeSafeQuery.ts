import { useRef, useState } from 'react';
import { useDebouncedValue } from '../../components/useDebouncedValue';

/** How long typing must pause before a search runs. */
export const SEARCH_DEBOUNCE_MS = 200;

/**
 * The text of a search field and the query to run. While an input method is composing, the field
 * holds pinyin or half-built candidates ("kai'hui"), not what the person means to search, so the
 * query only takes the text that is committed, and only once typing pauses.
 */
export function useImeSafeQuery(maxChars: number) {
  const [text, setText] = useState('');
  const [committed, setCommitted] = useState('');
  const composing = useRef(false);
  const query = useDebouncedValue(committed.trim().slice(0, maxChars), SEARCH_DEBOUNCE_MS);
  const inputProps = {
    value: text,
    onChange: (event: React.ChangeEvent<HTMLInputElement>) => {
      setText(event.target.value);
      const native = event.nativeEvent as InputEvent;
      if (!composing.current && !native.isComposing) setCommitted(event.target.value);
    },
    onCompositionStart: () => {
      composing.current = true;
    },
    // Browsers differ on whether the last input event comes before or after this: take the value here.
    onCompositionEnd: (event: React.CompositionEvent<HTMLInputElement>) => {
      composing.current = false;
      setCommitted(event.currentTarget.value);
    },
  };
  return { query, inputProps, composing };
}
