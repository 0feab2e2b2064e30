import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { TimelineMessage } from '../../../shared/ipc';
import type { User } from '../../../shared/protocol/entities';
import { useFormatters } from '../../i18n/format';
import { useUiStore } from '../../state/ui-store';
import { HistoryHeader, HISTORY_HEADER_PX } from './HistoryHeader';
import { MessageRow } from './MessageRow';
import { buildTimelineRows, type TimelineRow } from './timeline';

interface MessageListProps {
  messages: TimelineMessage[];
  me: User;
  peerName: string;
  members: User[];
  hasOlder: boolean;
  loadingOlder: boolean;
  onLoadOlder: () => void;
}

/** Within this many pixels of the bottom counts as "at the bottom": new messages then follow. */
const AT_END_PX = 48;
/** Older history starts loading two screens before the top, so a fast reader rarely waits for it. */
const LOAD_OLDER_SCREENS = 2;

function estimate(row: TimelineRow | undefined): number {
  if (!row) return 40;
  return (row.first ? 68 : 34) + (row.dayStart === null ? 0 : 44);
}

/**
 * The conversation, virtualized: rows are measured as they render, newest at the bottom. Anchored to
 * the end and keyed by message, so loading older history keeps the reader's place, and new messages
 * scroll into view only for a reader who was already at the bottom.
 */
export function MessageList({ messages, me, peerName, members, hasOlder, loadingOlder, onLoadOlder }: MessageListProps) {
  const { t } = useTranslation();
  const format = useFormatters();
  const scrollRef = useRef<HTMLDivElement>(null);
  const rows = useMemo(() => buildTimelineRows(messages, me.id), [messages, me.id]);
  const names = useMemo(() => new Map(members.map((m) => [m.id, m.displayName || m.username])), [members]);
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

  const onScroll = useCallback(() => {
    const el = scrollRef.current;
    if (!el) return;
    atEnd.current = el.scrollHeight - el.scrollTop - el.clientHeight <= AT_END_PX;
    if (el.scrollTop < el.clientHeight * LOAD_OLDER_SCREENS && hasOlder && !loadingOlder) onLoadOlder();
  }, [hasOlder, loadingOlder, onLoadOlder]);

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
              {row.dayStart !== null && (
                <div className="day-separator" role="separator" aria-label={format.day(row.dayStart)}>
                  <span>{format.day(row.dayStart)}</span>
                </div>
              )}
              <MessageRow
                message={row.message}
                own={row.own}
                first={row.first}
                senderName={names.get(row.message.senderId) ?? t('conversations.unknownUser')}
              />
            </div>
          );
        })}
      </div>
    </div>
  );
}
