import { useId, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS } from '../../../shared/limits';
import { useSendMessage } from '../../data/messages';
import { translateError } from '../../i18n/errors';
import { useUiStore } from '../../state/ui-store';
import { isImeEnter } from './ime';

/** The composer grows with its text up to this height, then scrolls. */
const MAX_HEIGHT_PX = 240;
/** The counter appears this close to the limit, so it is not noise on every message. */
const COUNTER_FROM = LIMITS.maxMessageChars - 500;

/**
 * Writes a message. Enter sends, Shift+Enter breaks the line, and an Enter that commits an input
 * method's candidate (Chinese, Japanese…) never sends. Works offline: the core queues the message.
 */
export function Composer({ conversationId, peerName }: { conversationId: string; peerName: string }) {
  const { t } = useTranslation();
  const draft = useUiStore((s) => s.drafts[conversationId] ?? '');
  const setDraft = useUiStore((s) => s.setDraft);
  const requestScrollToEnd = useUiStore((s) => s.requestScrollToEnd);
  const send = useSendMessage();
  const [composing, setComposing] = useState(false);
  const composingRef = useRef(false);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const hintId = useId();
  const counterId = useId();

  const length = draft.length;
  const tooLong = length > LIMITS.maxMessageChars;
  const sendable = draft.trim().length > 0 && !tooLong;

  useLayoutEffect(() => {
    const el = textarea.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, MAX_HEIGHT_PX)}px`;
  }, [draft]);

  useLayoutEffect(() => {
    textarea.current?.focus();
  }, [conversationId]);

  const submit = () => {
    if (!sendable || composingRef.current) return;
    const text = draft;
    setDraft(conversationId, '');
    requestScrollToEnd();
    send.mutate(
      { conversationId, text },
      {
        onSuccess: () => requestScrollToEnd(),
        // Give the words back rather than lose them, unless something new was typed meanwhile.
        onError: () => {
          if ((useUiStore.getState().drafts[conversationId] ?? '') === '') setDraft(conversationId, text);
        },
      },
    );
  };

  const onKeyDown = (event: React.KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key !== 'Enter' || event.shiftKey || event.altKey || event.ctrlKey || event.metaKey) return;
    if (composingRef.current || isImeEnter(event.nativeEvent)) return;
    event.preventDefault();
    submit();
  };

  return (
    <form
      className="composer"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <div className={`composer__box${tooLong ? ' composer__box--invalid' : ''}`}>
        <textarea
          ref={textarea}
          className="composer__input"
          data-testid="composer-input"
          rows={1}
          value={draft}
          placeholder={t('composer.placeholder', { name: peerName })}
          aria-label={t('composer.label', { name: peerName })}
          aria-describedby={`${hintId}${tooLong || length >= COUNTER_FROM ? ` ${counterId}` : ''}`}
          aria-invalid={tooLong || undefined}
          onChange={(e) => setDraft(conversationId, e.target.value)}
          onKeyDown={onKeyDown}
          onCompositionStart={() => {
            composingRef.current = true;
            setComposing(true);
          }}
          onCompositionEnd={() => {
            composingRef.current = false;
            setComposing(false);
          }}
        />
        <button
          type="submit"
          className="button button--primary composer__send"
          data-testid="composer-send"
          disabled={!sendable || composing}
          aria-label={t('composer.send')}
          title={t('composer.send')}
        >
          <span className="icon icon--send" aria-hidden="true" />
        </button>
      </div>
      <div className="composer__meta">
        <span className="composer__hint" id={hintId}>
          {t('composer.hint')}
        </span>
        {(tooLong || length >= COUNTER_FROM) && (
          <span className={`composer__counter${tooLong ? ' composer__counter--over' : ''}`} id={counterId} role={tooLong ? 'alert' : undefined}>
            {tooLong
              ? t('composer.tooLong', { count: length, max: LIMITS.maxMessageChars })
              : t('composer.counter', { count: length, max: LIMITS.maxMessageChars })}
          </span>
        )}
        {send.isError && (
          <span className="composer__error" role="alert">
            {translateError(t, send.error)}
          </span>
        )}
      </div>
    </form>
  );
}
