import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TimelineMessage } from '../../../shared/ipc';
import type { User } from '../../../shared/protocol/entities';
import { useFormatters } from '../../i18n/format';
import { useUiStore, type JumpTarget } from '../../state/ui-store';
import { HistoryHeader, HISTORY_HEADER_PX } from './HistoryHeader';
import { MessageRow } from './MessageRow';
import { buildTimelineRows, type TimelineRow } from './timeline';
import { useTimeline } from './timeline-context';

interface MessageListProps {
  messages: TimelineMessage[];
  peerName: string;
  hasOlder: boolean;
  loadingOlder: boolean;
  onLoadOlder: () => void;
  /** The divider goes above the first message from others after this seq; null: no divider. */
  unreadAfterSeq?: number | null;
  /** The peer's read marker in a direct conversation (receipts); null: no receipts. */
  peerReadSeq?: number | null;
  /** The newest sent message the reader can see, whenever it changes. */
  onNewestVisible?: (seq: number | null) => void;
  /** A loaded message to scroll to and flash (an opened search result). */
  jumpTarget?: JumpTarget | null;
}

/** Within this many pixels of the bottom counts as "at the bottom": new messages then follow. */
const AT_END_PX = 48;
/** Older history starts loading two screens before the top, so a fast reader rarely waits for it. */
const LOAD_OLDER_SCREENS = 2;
/** How long a message reached from search stays highlighted: long enough to find it by eye. */
const JUMP_FLASH_MS = 3000;

function estimate(row: TimelineRow | undefined): number {
  if (!row) return 40;
  const day = row.dayStart === null ? 0 : 44;
  const { message } = row;
  if (message.kind === 'system' || message.recalled) return 32 + day;
  let height = row.first ? 68 : 34;
  // Pictures reserve their box, so the estimate is close before they load.
  if (message.attachment && (message.kind === 'image' || message.kind === 'video')) height += Math.min(240, message.attachment.height ?? 180);
  else if (message.attachment) height += 56;
  if (message.replyTo) height += 40;
  if (message.reactions.length > 0) height += 30;
  return height + day;
}

/**
 * The conversation, virtualized: rows are measured as they render, newest at the bottom. Anchored to
 * the end and keyed by message, so loading older history keeps the reader's place, and new messages
 * scroll into view only for a reader who was already at the bottom.
 */
export function MessageList(props: MessageListProps) {
  const { messages, peerName, hasOlder, loadingOlder, onLoadOlder, unreadAfterSeq = null, peerReadSeq = null, onNewestVisible, jumpTarget = null } = props;
  const { t } = useTranslation();
  const format = useFormatters();
  const scrollRef = useRef<HTMLDivElement>(null);
  const { me, people } = useTimeline();
  const rows = useMemo(() => buildTimelineRows(messages, me.id), [messages, me.id]);
  const scrollToEndRequest = useUiStore((s) => s.scrollToEndRequest);
  const atEnd = useRef(true);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => estimate(rows[index]),
    getItemKey: (index) => rows[index]?.key ?? index,
    overscan: 8,
    paddingStart: HISTORY_HEADER_PX,
    paddingEnd: 16,
    anchorTo: 'end',
    followOnAppend: true,
    scrollEndThreshold: AT_END_PX,
  });

  // Open at the newest message.
  useLayoutEffect(() => {
    virtualizer.scrollToEnd();
  }, [virtualizer]);

  // A reader at the bottom stays there when messages arrive. followOnAppend covers plain appends;
  // this also covers a refetch that drops the oldest row of the window while adding a new one.
  useLayoutEffect(() => {
    if (atEnd.current) virtualizer.scrollToEnd();
  }, [rows, virtualizer]);

  // The user sent something: show it, wherever they had scrolled to.
  const firstRequest = useRef(scrollToEndRequest);
  useEffect(() => {
    if (scrollToEndRequest === firstRequest.current) return;
    atEnd.current = true;
    virtualizer.scrollToEnd();
  }, [scrollToEndRequest, virtualizer]);

  // Jump to a search result: centre it, flash it, then hand the request back. It is no longer "at
  // the bottom", so arriving messages do not pull the reader away from it. The scroll waits a frame:
  // the page that brought the message in was just prepended, and the virtualizer first moves the
  // scroll position to keep the reader's place; scrolling in the same commit would be undone.
  const [flashKey, setFlashKey] = useState<string | null>(null);
  const jumpFrame = useRef(0);
  useEffect(() => () => cancelAnimationFrame(jumpFrame.current), []);
  useEffect(() => {
    if (!jumpTarget) return;
    const index = rows.findIndex((row) => row.message.seq === jumpTarget.seq);
    if (index === -1) return;
    atEnd.current = false;
    setFlashKey(rows[index]!.key);
    useUiStore.getState().clearJumpTarget();
    // Not cancelled when the request clears (that is this very effect's doing), only on unmount.
    jumpFrame.current = requestAnimationFrame(() => virtualizer.scrollToIndex(index, { align: 'center' }));
  }, [jumpTarget, rows, virtualizer]);
  useEffect(() => {
    if (flashKey === null) return;
    const timer = setTimeout(() => setFlashKey(null), JUMP_FLASH_MS);
    return () => clearTimeout(timer);
  }, [flashKey]);

  const firstUnreadKey = useMemo(() => firstUnread(rows, unreadAfterSeq), [rows, unreadAfterSeq]);
  const receiptKey = useMemo(() => readReceiptRow(rows, peerReadSeq), [rows, peerReadSeq]);

  // At the bottom everything loaded is in view; scrolled up, only rows starting above the fold.
  const reportVisible = useCallback(() => {
    if (!onNewestVisible) return;
    const el = scrollRef.current;
    const fold = el && el.clientHeight > 0 && !atEnd.current ? el.scrollTop + el.clientHeight : Infinity;
    let newest: number | null = null;
    for (const item of fold === Infinity ? rows.map((row, index) => ({ index, start: 0 })) : virtualizer.getVirtualItems()) {
      const seq = rows[item.index]?.message.seq ?? null;
      if (seq !== null && item.start < fold && (newest === null || seq > newest)) newest = seq;
    }
    onNewestVisible(newest);
  }, [onNewestVisible, rows, virtualizer]);
  useEffect(reportVisible, [reportVisible]);

  const onScroll = useCallback(() => {
    const el = scrollRef.current;
    if (!el) return;
    atEnd.current = el.scrollHeight - el.scrollTop - el.clientHeight <= AT_END_PX;
    if (el.scrollTop < el.clientHeight * LOAD_OLDER_SCREENS && hasOlder && !loadingOlder) onLoadOlder();
    reportVisible();
  }, [hasOlder, loadingOlder, onLoadOlder, reportVisible]);

  return (
    <div
      ref={scrollRef}
      className="message-list"
      data-testid="message-list"
      role="log"
      aria-live="polite"
      aria-relevant="additions"
      aria-label={t('chat.messagesLabel', { name: peerName })}
      tabIndex={0}
      onScroll={onScroll}
    >
      <div className="message-list__canvas" style={{ height: virtualizer.getTotalSize() }}>
        <HistoryHeader hasOlder={hasOlder} loading={loadingOlder} peerName={peerName} onLoadOlder={onLoadOlder} />
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index];
          if (!row) return null;
          return (
            <div
              key={item.key}
              ref={virtualizer.measureElement}
              data-index={item.index}
              className="timeline-row"
              style={{ transform: `translateY(${item.start}px)` }}
            >
              {row.key === firstUnreadKey && (
                <div className="unread-divider" data-testid="unread-divider" role="separator" aria-label={t('chat.unreadDivider')}>
                  <span>{t('chat.unreadDivider')}</span>
                </div>
              )}
              {row.dayStart !== null && (
                <div className="day-separator" role="separator" aria-label={format.day(row.dayStart)}>
                  <span>{format.day(row.dayStart)}</span>
                </div>
              )}
              <MessageRow
                message={row.message}
                own={row.own}
                first={row.first}
                senderName={senderName(people.get(row.message.senderId)) ?? t('conversations.unknownUser')}
                readByPeer={row.key === receiptKey}
                jumpTarget={row.key === flashKey}
              />
            </div>
          );
        })}
      </div>
    </div>
  );
}

function senderName(user: User | undefined): string | null {
  return user ? user.displayName.trim() || user.username : null;
}

/** The first message from someone else after `afterSeq`. */
function firstUnread(rows: TimelineRow[], afterSeq: number | null): string | null {
  if (afterSeq === null) return null;
  return rows.find((row) => !row.own && row.message.seq !== null && row.message.seq > afterSeq)?.key ?? null;
}

/** Only the newest of one's own messages the peer has read carries the receipt. */
function readReceiptRow(rows: TimelineRow[], peerReadSeq: number | null): string | null {
  if (peerReadSeq === null || peerReadSeq === 0) return null;
  for (let i = rows.length - 1; i >= 0; i--) {
    const row = rows[i]!;
    if (row.own && row.message.seq !== null && row.message.seq <= peerReadSeq) return row.key;
  }
  return null;
}
