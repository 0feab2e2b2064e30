import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TimelineMessage } from '../../../shared/ipc';
import { useMessageOps } from '../../data/messages';
import { translateError } from '../../i18n/errors';
import { useDrafts } from '../../state/drafts';
import { useTimeline } from '../chat/timeline-context';
import { EmojiPicker } from '../emoji/EmojiPicker';
import { rememberEmoji } from '../emoji/recent';
import { ActionMenu, type MenuItem } from './ActionMenu';
import { ForwardDialog } from './ForwardDialog';
import { HideDialog } from './HideDialog';
import { formatRemaining, messageActions } from './permissions';
import { focusComposer, mentionTokensOf, toReplyRef } from './reply-ref';
import { useNow } from './useNow';

/** The reactions one click away on the toolbar; the picker has the rest. */
export const QUICK_REACTIONS = ['👍', '❤️', '😂', '🎉', '😮', '😢'] as const;

interface MessageActionsProps {
  message: TimelineMessage;
  /** Where the context menu is open (a right-click or the keyboard), or null. */
  menuAt: { x: number; y: number } | null;
  onMenu: (at: { x: number; y: number } | null) => void;
}

/**
 * Everything one can do to a message: a toolbar on hover or focus, the same list as a context
 * menu (right-click, the Menu key or Shift+F10), and the dialogs some actions need. Only what the
 * user may do is offered (permissions.ts); the core and server still check.
 */
export function MessageActions({ message, menuAt, onMenu }: MessageActionsProps) {
  const { t } = useTranslation();
  const { me, conversation, people } = useTimeline();
  const [dialog, setDialog] = useState<'none' | 'forward' | 'hide'>('none');
  const [pickerAt, setPickerAt] = useState<DOMRect | null>(null);
  const moreButton = useRef<HTMLButtonElement>(null);
  const now = useNow(menuAt !== null);
  const allowed = messageActions(message, conversation, me.id, now);
  const ops = useMessageOps();
  const [error, setError] = useState<unknown>(null);
  const run = (action: Promise<unknown>) => {
    setError(null);
    action.catch((e: unknown) => setError(e));
  };

  const closeMenu = useCallback(() => onMenu(null), [onMenu]);
  const toggleReaction = (emoji: string) => {
    if (message.id === null) return;
    const mine = message.reactions.find((r) => r.emoji === emoji)?.userIds.includes(me.id) ?? false;
    rememberEmoji(emoji);
    run(ops.react({ conversationId: message.conversationId, messageId: message.id, emoji, on: !mine }));
  };
  const reply = () => {
    const replyTo = toReplyRef(message);
    if (!replyTo) return;
    useDrafts.getState().setDraft(me.id, message.conversationId, { replyTo });
    focusComposer();
  };
  const edit = () => {
    if (message.id === null) return;
    useDrafts.getState().startEdit(message.conversationId, {
      messageId: message.id,
      clientId: message.clientId,
      text: message.text,
      mentions: mentionTokensOf(message, people),
    });
    focusComposer();
  };

  const items: MenuItem[] = [];
  if (allowed.reply) items.push({ id: 'reply', label: t('messageActions.reply'), run: reply });
  if (allowed.react) items.push({ id: 'react', label: t('messageActions.react'), run: () => moreButton.current && setPickerAt(moreButton.current.getBoundingClientRect()) });
  if (allowed.edit) items.push({ id: 'edit', label: t('messageActions.edit'), run: edit });
  if (allowed.forward) items.push({ id: 'forward', label: t('messageActions.forward'), run: () => setDialog('forward') });
  if (allowed.copy) items.push({ id: 'copy', label: t('messageActions.copy'), run: () => void navigator.clipboard?.writeText(message.text).catch(() => undefined) });
  if (allowed.recall) {
    const label = allowed.recallRemainingMs === null ? t('messageActions.recall') : t('messageActions.recallWithin', { time: formatRemaining(allowed.recallRemainingMs) });
    items.push({ id: 'recall', label, danger: true, run: () => message.id && run(ops.recall({ conversationId: message.conversationId, messageId: message.id })) });
  }
  if (allowed.hide) items.push({ id: 'hide', label: t('messageActions.hide'), danger: true, run: () => setDialog('hide') });
  if (items.length === 0) return null;

  return (
    <>
      <div className="message-toolbar" role="toolbar" aria-label={t('messageActions.label')} data-testid="message-toolbar">
        {allowed.react &&
          QUICK_REACTIONS.slice(0, 3).map((emoji) => (
            <button
              key={emoji}
              type="button"
              tabIndex={-1}
              className="message-toolbar__button"
              data-testid="quick-reaction"
              data-emoji={emoji}
              aria-label={t('messageActions.reactWith', { emoji })}
              title={t('messageActions.reactWith', { emoji })}
              onClick={() => toggleReaction(emoji)}
            >
              {emoji}
            </button>
          ))}
        {allowed.react && (
          <button
            type="button"
            tabIndex={-1}
            className="message-toolbar__button"
            data-testid="reaction-picker-button"
            aria-label={t('messageActions.react')}
            title={t('messageActions.react')}
            onClick={(e) => setPickerAt(e.currentTarget.getBoundingClientRect())}
          >
            <span className="icon icon--smile" aria-hidden="true" />
          </button>
        )}
        {allowed.reply && (
          <button type="button" tabIndex={-1} className="message-toolbar__button" data-testid="action-reply" aria-label={t('messageActions.reply')} title={t('messageActions.reply')} onClick={reply}>
            <span className="icon icon--reply" aria-hidden="true" />
          </button>
        )}
        <button
          ref={moreButton}
          type="button"
          tabIndex={-1}
          className="message-toolbar__button"
          data-testid="action-more"
          aria-label={t('messageActions.more')}
          title={t('messageActions.more')}
          aria-haspopup="menu"
          aria-expanded={menuAt !== null}
          onClick={(e) => {
            const rect = e.currentTarget.getBoundingClientRect();
            onMenu(menuAt ? null : { x: rect.left, y: rect.bottom + 4 });
          }}
        >
          <span className="icon icon--more" aria-hidden="true" />
        </button>
      </div>
      {menuAt && <ActionMenu items={items} at={menuAt} label={t('messageActions.label')} onClose={closeMenu} />}
      {pickerAt && (
        <EmojiPicker
          anchor={pickerAt}
          onClose={() => setPickerAt(null)}
          onPick={(emoji) => {
            setPickerAt(null);
            toggleReaction(emoji);
          }}
        />
      )}
      {dialog === 'forward' && <ForwardDialog message={message} meId={me.id} onClose={() => setDialog('none')} />}
      {dialog === 'hide' && <HideDialog message={message} onClose={() => setDialog('none')} />}
      {error !== null && (
        <span className="message__status message__status--failed" role="alert" data-testid="message-action-error">
          {translateError(t, error)}
        </span>
      )}
    </>
  );
}
