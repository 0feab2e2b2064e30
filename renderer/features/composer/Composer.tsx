import { useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConversationSummary, TimelineMessage } from '../../../shared/ipc';
import type { User } from '../../../shared/protocol/entities';
import { LIMITS } from '../../../shared/limits';
import { useEditMessage, useSendMessage } from '../../data/messages';
import { translateError } from '../../i18n/errors';
import { EMPTY_DRAFT, useDrafts, useEditState, type MentionToken } from '../../state/drafts';
import { useUiStore } from '../../state/ui-store';
import { EmojiPicker } from '../emoji/EmojiPicker';
import { canSend } from '../message-actions/permissions';
import { mentionTokensOf } from '../message-actions/reply-ref';
import { AttachmentTray } from './AttachmentTray';
import { EditBar, ReplyBar } from './ComposerBars';
import { ComposerLocked } from './ComposerLocked';
import { isImeEnter } from './ime';
import { activeMention, insertMention, resolveMentions, suggestions, tokenOf, type Suggestion } from './mention-query';
import { MentionSuggestions } from './MentionSuggestions';
import type { Attachments } from './useAttachments';
import { useTyping } from './useTyping';

/** The composer grows with its text up to this height, then scrolls. */
const MAX_HEIGHT_PX = 240;
/** The counter appears this close to the limit, so it is not noise on every message. */
const COUNTER_FROM = LIMITS.maxMessageChars - 500;

interface ComposerProps {
  conversationId: string;
  conversation: ConversationSummary | null;
  me: User;
  /** Who the placeholder addresses: the peer's name or the group's title. */
  peerName: string;
  /** The loaded timeline, for Up-to-edit-my-last-message. */
  messages: readonly TimelineMessage[];
  attachments: Attachments;
  /** People by id, to name the author of the quoted message. */
  people: Map<string, User>;
}

/**
 * My newest message I may still edit: Up on an empty composer opens it. While my newest one is
 * still being sent it cannot be edited yet, and reaching past it would edit an older one by surprise.
 */
function lastEditable(messages: readonly TimelineMessage[], meId: string): TimelineMessage | null {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i]!;
    if (m.senderId === meId && m.id === null) return null;
    if (m.senderId === meId && m.kind === 'text' && !m.recalled) return m;
  }
  return null;
}

/**
 * Writes a message. Enter sends, Shift+Enter breaks the line, and an Enter that commits an input
 * method's candidate (Chinese, Japanese…) never sends. `@` suggests members; the draft (text,
 * mentions, the quoted reply) is kept per conversation across switches and restarts. Works
 * offline: the core queues the message, and staged files upload when it can.
 */
export function Composer({ conversationId, conversation, me, peerName, messages, attachments, people }: ComposerProps) {
  const { t, i18n } = useTranslation();
  const draft = useDrafts((s) => s.accounts[me.id]?.[conversationId]) ?? EMPTY_DRAFT;
  const editing = useEditState(conversationId);
  const drafts = useDrafts.getState;
  const requestScrollToEnd = useUiStore((s) => s.requestScrollToEnd);
  const send = useSendMessage();
  const edit = useEditMessage();
  const typing = useTyping(conversationId);
  const [composing, setComposing] = useState(false);
  const composingRef = useRef(false);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const [caret, setCaret] = useState(0);
  /** Set while our own caret move waits for the DOM: selection reports until then are stale. */
  const caretPending = useRef(false);
  const [activeSuggestion, setActiveSuggestion] = useState(0);
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  const [emojiAt, setEmojiAt] = useState<DOMRect | null>(null);
  const hintId = useId();
  const counterId = useId();
  const listId = useId();

  const text = editing ? editing.text : draft.text;
  const tokens = editing ? editing.mentions : draft.mentions;
  const role = conversation?.members.find((m) => m.id === me.id)?.role ?? 'member';
  const canMentionAll = conversation?.kind === 'group' && (role === 'owner' || role === 'admin');
  const allToken = i18n.language.startsWith('zh') ? '@所有人' : '@all';

  const mention = composing ? null : activeMention(text, caret);
  const shownSuggestions = useMemo(
    () => (mention && mention.start !== dismissedAt ? suggestions(conversation?.members ?? [], me.id, mention.query, canMentionAll, allToken) : []),
    [mention?.start, mention?.query, dismissedAt, conversation?.members, me.id, canMentionAll, allToken],
  );
  const suggestionIndex = Math.min(activeSuggestion, Math.max(0, shownSuggestions.length - 1));

  const staging = attachments.items.some((a) => a.state === 'staging');
  const ready = attachments.items.filter((a) => a.state === 'ready');
  const tooLong = text.length > LIMITS.maxMessageChars;
  const sendable = !tooLong && !staging && (editing ? text.trim().length > 0 : text.trim().length > 0 || ready.length > 0);

  useLayoutEffect(() => {
    const el = textarea.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, MAX_HEIGHT_PX)}px`;
  }, [text]);
  useLayoutEffect(() => {
    textarea.current?.focus();
  }, [conversationId]);

  const setText = (value: string, mentions: MentionToken[] = tokens) => {
    if (editing) drafts().updateEdit(conversationId, { text: value, mentions });
    else drafts().setDraft(me.id, conversationId, { text: value, mentions });
  };
  const moveCaret = (position: number) => {
    setCaret(position);
    caretPending.current = true;
    requestAnimationFrame(() => {
      textarea.current?.setSelectionRange(position, position);
      caretPending.current = false;
    });
  };

  if (!canSend(conversation, me.id) && conversation) return <ComposerLocked conversation={conversation} meId={me.id} />;

  const submit = async () => {
    if (!sendable || composingRef.current) return;
    const { mentions, mentionsAll } = resolveMentions(text, tokens, canMentionAll);
    typing.stop();
    if (editing) {
      const original = messages.find((m) => m.id === editing.messageId);
      if (original && original.text === text) return drafts().endEdit(conversationId);
      edit.mutate({ conversationId, messageId: editing.messageId, text, mentions, mentionsAll }, { onSuccess: () => drafts().endEdit(conversationId) });
      return;
    }
    const replyToMessageId = draft.replyTo?.messageId;
    const files = ready.map((a) => a.stagingId!);
    drafts().clearDraft(me.id, conversationId);
    attachments.clear();
    requestScrollToEnd();
    try {
      if (files.length === 0) {
        await send.mutateAsync({ conversationId, text, mentions, mentionsAll, ...(replyToMessageId ? { replyToMessageId } : {}) });
      } else {
        // One message per file, in order; the text is the first one's caption.
        for (const [index, stagingId] of files.entries()) {
          const first = index === 0;
          await send.mutateAsync({
            conversationId,
            text: first ? text : '',
            mentions: first ? mentions : [],
            mentionsAll: first && mentionsAll,
            stagingId,
            ...(first && replyToMessageId ? { replyToMessageId } : {}),
          });
        }
      }
      requestScrollToEnd();
    } catch {
      // Give the words back rather than lose them, unless something new was typed meanwhile.
      if ((drafts().accounts[me.id]?.[conversationId]?.text ?? '') === '') {
        drafts().setDraft(me.id, conversationId, { text, mentions: tokens, replyTo: draft.replyTo });
      }
    }
  };

  const pickSuggestion = (item: Suggestion) => {
    if (!mention) return;
    const token = tokenOf(item);
    const next = insertMention(text, mention.start, caret, token);
    const added = item.kind === 'member' ? [...tokens, { token, userId: item.member.id }] : tokens;
    setText(next.text, added);
    moveCaret(next.caret);
    setActiveSuggestion(0);
  };

  const insertAtCaret = (insert: string) => {
    const el = textarea.current;
    const start = el?.selectionStart ?? text.length;
    const end = el?.selectionEnd ?? text.length;
    setText(text.slice(0, start) + insert + text.slice(end));
    moveCaret(start + insert.length);
    el?.focus();
  };

  const onKeyDown = (event: React.KeyboardEvent<HTMLTextAreaElement>) => {
    if (composingRef.current || isImeEnter(event.nativeEvent)) return;
    const plain = !event.shiftKey && !event.altKey && !event.ctrlKey && !event.metaKey;
    if (shownSuggestions.length > 0) {
      const last = shownSuggestions.length - 1;
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const down = event.key === 'ArrowDown';
        setActiveSuggestion(down ? (suggestionIndex >= last ? 0 : suggestionIndex + 1) : suggestionIndex <= 0 ? last : suggestionIndex - 1);
        return;
      }
      if ((event.key === 'Enter' || event.key === 'Tab') && plain) {
        event.preventDefault();
        pickSuggestion(shownSuggestions[suggestionIndex]!);
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        setDismissedAt(mention?.start ?? null);
        return;
      }
    }
    if (event.key === 'Escape' && (editing || draft.replyTo)) {
      event.preventDefault();
      if (editing) drafts().endEdit(conversationId);
      else drafts().setDraft(me.id, conversationId, { replyTo: null });
      return;
    }
    if (event.key === 'ArrowUp' && plain && text.length === 0 && !editing) {
      const mine = lastEditable(messages, me.id);
      if (mine?.id) {
        event.preventDefault();
        drafts().startEdit(conversationId, { messageId: mine.id, clientId: mine.clientId, text: mine.text, mentions: mentionTokensOf(mine, people) });
        moveCaret(mine.text.length);
      }
      return;
    }
    if (event.key === 'Enter' && plain) {
      event.preventDefault();
      void submit();
    }
  };

  const onPaste = (event: React.ClipboardEvent<HTMLTextAreaElement>) => {
    const files = [...event.clipboardData.files];
    if (files.length === 0 || editing) return;
    event.preventDefault();
    attachments.add(files);
  };

  const error = send.error ?? edit.error;
  const replySender = draft.replyTo ? (draft.replyTo.senderId === me.id ? t('chat.you') : (people.get(draft.replyTo.senderId)?.displayName ?? t('conversations.unknownUser'))) : '';

  return (
    <form
      className="composer"
      data-testid="composer"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      {editing ? <EditBar onCancel={() => drafts().endEdit(conversationId)} /> : draft.replyTo && <ReplyBar reply={draft.replyTo} senderName={replySender} onCancel={() => drafts().setDraft(me.id, conversationId, { replyTo: null })} />}
      {!editing && <AttachmentTray items={attachments.items} onRemove={attachments.remove} />}
      {shownSuggestions.length > 0 && (
        <MentionSuggestions id={listId} items={shownSuggestions} active={suggestionIndex} onPick={pickSuggestion} onHover={setActiveSuggestion} />
      )}
      <div className={`composer__box${tooLong ? ' composer__box--invalid' : ''}${editing ? ' composer__box--editing' : ''}`}>
        {!editing && (
          <>
            <button type="button" className="icon-button composer__tool" data-testid="composer-attach" aria-label={t('attachments.add')} title={t('attachments.add')} onClick={() => fileInput.current?.click()}>
              <span className="icon icon--attach" aria-hidden="true" />
            </button>
            <input
              ref={fileInput}
              type="file"
              multiple
              hidden
              data-testid="composer-file-input"
              onChange={(e) => {
                attachments.add([...(e.target.files ?? [])]);
                e.target.value = '';
              }}
            />
          </>
        )}
        <textarea
          ref={textarea}
          className="composer__input"
          data-testid="composer-input"
          rows={1}
          value={text}
          placeholder={t('composer.placeholder', { name: peerName })}
          aria-label={t('composer.label', { name: peerName })}
          aria-describedby={`${hintId}${tooLong || text.length >= COUNTER_FROM ? ` ${counterId}` : ''}`}
          aria-invalid={tooLong || undefined}
          aria-autocomplete="list"
          aria-controls={shownSuggestions.length > 0 ? listId : undefined}
          aria-activedescendant={shownSuggestions.length > 0 ? `${listId}-${suggestionIndex}` : undefined}
          onChange={(e) => {
            setText(e.target.value);
            setCaret(e.target.selectionStart ?? e.target.value.length);
            if (!editing && e.target.value.length > 0) typing.keystroke();
            else if (e.target.value.length === 0) typing.stop();
          }}
          // React also reports a select for the key that just inserted a mention, from the old DOM:
          // ignore reports until our caret move lands, or the caret jumps back into the mention.
          onSelect={(e) => !caretPending.current && setCaret(e.currentTarget.selectionStart ?? 0)}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
          onBlur={() => typing.stop()}
          onCompositionStart={() => {
            composingRef.current = true;
            setComposing(true);
          }}
          onCompositionEnd={() => {
            composingRef.current = false;
            setComposing(false);
          }}
        />
        <button type="button" className="icon-button composer__tool" data-testid="composer-emoji" aria-label={t('emoji.insert')} title={t('emoji.insert')} onClick={(e) => setEmojiAt(e.currentTarget.getBoundingClientRect())}>
          <span className="icon icon--smile" aria-hidden="true" />
        </button>
        <button
          type="submit"
          className="button button--primary composer__send"
          data-testid="composer-send"
          disabled={!sendable || composing || edit.isPending}
          aria-label={editing ? t('composerExtras.save') : t('composer.send')}
          title={editing ? t('composerExtras.save') : t('composer.send')}
        >
          <span className={`icon ${editing ? 'icon--check' : 'icon--send'}`} aria-hidden="true" />
        </button>
      </div>
      <div className="composer__meta">
        <span className="composer__hint" id={hintId}>
          {staging ? t('attachments.waiting') : editing ? t('composerExtras.editingHint') : t('composer.hint')}
        </span>
        {(tooLong || text.length >= COUNTER_FROM) && (
          <span className={`composer__counter${tooLong ? ' composer__counter--over' : ''}`} id={counterId} role={tooLong ? 'alert' : undefined}>
            {tooLong ? t('composer.tooLong', { count: text.length, max: LIMITS.maxMessageChars }) : t('composer.counter', { count: text.length, max: LIMITS.maxMessageChars })}
          </span>
        )}
        {error && (
          <span className="composer__error" role="alert">
            {translateError(t, error)}
          </span>
        )}
      </div>
      {emojiAt && (
        <EmojiPicker
          anchor={emojiAt}
          onClose={() => setEmojiAt(null)}
          onPick={(emoji) => {
            setEmojiAt(null);
            insertAtCaret(emoji);
          }}
        />
      )}
    </form>
  );
}
