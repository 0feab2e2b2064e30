import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { Spinner } from '../../components/Spinner';
import { isImeEnter } from '../composer/ime';
import { EMOJI_GROUPS, loadEmojis, searchEmojis, type EmojiEntry, type EmojiGroup } from './emoji-data';
import { recentEmojis, rememberEmoji } from './recent';

const COLUMNS = 8;

/** A section title inside the grid: a grid may hold only rows, so it is a header row. */
function GridHeading({ text }: { text: string }) {
  return (
    <div role="row" className="emoji-picker__heading">
      <span role="columnheader">{text}</span>
    </div>
  );
}
const PANEL_W = 340;
const PANEL_H = 380;

interface EmojiPickerProps {
  /** The control that opened it: the panel sits next to it, inside the window. */
  anchor: DOMRect;
  onPick: (emoji: string) => void;
  onClose: () => void;
}

function useEmojiData() {
  const [entries, setEntries] = useState<EmojiEntry[] | null>(null);
  useEffect(() => {
    let live = true;
    void loadEmojis().then((loaded) => live && setEntries(loaded));
    return () => {
      live = false;
    };
  }, []);
  return entries;
}

function place(anchor: DOMRect): { left: number; top: number } {
  const left = Math.min(Math.max(8, anchor.right - PANEL_W), window.innerWidth - PANEL_W - 8);
  const above = anchor.top - PANEL_H - 6;
  const top = above >= 8 ? above : Math.min(anchor.bottom + 6, window.innerHeight - PANEL_H - 8);
  return { left: Math.max(8, left), top: Math.max(8, top) };
}

/**
 * Every emoji, from data bundled with the app: search in English or Chinese, recent ones first,
 * one category at a time. Focus stays in the search field; arrows move through the grid, Enter
 * picks, Escape closes (and never while an input method is composing).
 */
export function EmojiPicker({ anchor, onPick, onClose }: EmojiPickerProps) {
  const { t, i18n } = useTranslation();
  const zh = i18n.language.startsWith('zh');
  const entries = useEmojiData();
  const [query, setQuery] = useState('');
  const [group, setGroup] = useState<EmojiGroup>(0);
  const [active, setActive] = useState(0);
  const composing = useRef(false);
  const panel = useRef<HTMLDivElement>(null);
  const gridId = useId();
  const [recent] = useState(recentEmojis);
  const position = useMemo(() => place(anchor), [anchor]);

  const byEmoji = useMemo(() => new Map((entries ?? []).map((e) => [e.emoji, e])), [entries]);
  const shown: EmojiEntry[] = useMemo(() => {
    if (!entries) return [];
    if (query.trim()) return searchEmojis(entries, query);
    const recents = recent.map((e) => byEmoji.get(e)).filter((e): e is EmojiEntry => e !== undefined);
    return [...recents, ...entries.filter((e) => e.group === group)];
  }, [entries, query, group, recent, byEmoji]);
  const recentCount = query.trim() ? 0 : recent.filter((e) => byEmoji.has(e)).length;
  const current = shown.length === 0 ? -1 : Math.min(active, shown.length - 1);

  useEffect(() => setActive(0), [query, group]);
  useLayoutEffect(() => {
    if (current >= 0) document.getElementById(`${gridId}-${current}`)?.scrollIntoView?.({ block: 'nearest' });
  }, [current, gridId]);
  useEffect(() => {
    const onDown = (event: MouseEvent) => {
      if (panel.current && !panel.current.contains(event.target as Node)) onClose();
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [onClose]);

  const pick = (entry: EmojiEntry) => {
    rememberEmoji(entry.emoji);
    onPick(entry.emoji);
  };

  const onKeyDown = (event: React.KeyboardEvent) => {
    if (composing.current || isImeEnter(event.nativeEvent)) return;
    const last = shown.length - 1;
    const move = (to: number) => {
      event.preventDefault();
      setActive(Math.max(0, Math.min(last, to)));
    };
    switch (event.key) {
      case 'Escape':
        event.preventDefault();
        event.stopPropagation();
        onClose();
        return;
      case 'ArrowRight':
        return move(current + 1);
      case 'ArrowLeft':
        return move(current - 1);
      case 'ArrowDown':
        return move(current + COLUMNS);
      case 'ArrowUp':
        return move(current - COLUMNS);
      case 'Enter':
        if (current >= 0) {
          event.preventDefault();
          pick(shown[current]!);
        }
        return;
    }
  };

  const name = (entry: EmojiEntry) => (zh ? entry.zh : entry.en);
  const renderCell = (entry: EmojiEntry, index: number) => (
    <button
      key={`${index}-${entry.hexcode}`}
      id={`${gridId}-${index}`}
      type="button"
      role="gridcell"
      tabIndex={-1}
      className={`emoji-picker__cell${index === current ? ' emoji-picker__cell--active' : ''}`}
      data-testid="emoji-option"
      data-emoji={entry.emoji}
      aria-label={name(entry)}
      aria-selected={index === current}
      title={name(entry)}
      onMouseDown={(e) => e.preventDefault()}
      onMouseMove={() => index !== current && setActive(index)}
      onClick={() => pick(entry)}
    >
      {entry.emoji}
    </button>
  );
  const rows = (list: EmojiEntry[], offset: number) => {
    const out: React.ReactNode[] = [];
    for (let i = 0; i < list.length; i += COLUMNS) {
      out.push(
        <div role="row" key={i} className="emoji-picker__row">
          {list.slice(i, i + COLUMNS).map((entry, j) => renderCell(entry, offset + i + j))}
        </div>,
      );
    }
    return out;
  };

  return createPortal(
    <div
      ref={panel}
      className="emoji-picker"
      role="dialog"
      aria-label={t('emoji.title')}
      data-testid="emoji-picker"
      style={{ left: position.left, top: position.top, width: PANEL_W, height: PANEL_H }}
      onKeyDown={onKeyDown}
    >
      <input
        className="input emoji-picker__search"
        type="search"
        data-testid="emoji-search"
        placeholder={t('emoji.search')}
        aria-label={t('emoji.search')}
        aria-controls={gridId}
        aria-activedescendant={current >= 0 ? `${gridId}-${current}` : undefined}
        autoFocus
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onCompositionStart={() => (composing.current = true)}
        onCompositionEnd={() => (composing.current = false)}
      />
      {!query.trim() && entries && (
        <div className="emoji-picker__tabs" role="tablist" aria-label={t('emoji.categories')}>
          {EMOJI_GROUPS.map((g) => {
            const first = entries.find((e) => e.group === g);
            return (
              <button
                key={g}
                type="button"
                role="tab"
                aria-selected={g === group}
                className={`emoji-picker__tab${g === group ? ' emoji-picker__tab--active' : ''}`}
                title={t(`emoji.groups.${g}`)}
                aria-label={t(`emoji.groups.${g}`)}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => setGroup(g)}
              >
                {first?.emoji}
              </button>
            );
          })}
        </div>
      )}
      {/* Focusable so the keyboard can reach and scroll it; the arrows still work from the search. */}
      <div className="emoji-picker__grid" id={gridId} role="grid" aria-label={t('emoji.title')} tabIndex={0}>
        {!entries ? (
          <p className="muted" role="status">
            <Spinner /> {t('emoji.loading')}
          </p>
        ) : shown.length === 0 ? (
          <p className="muted" role="status">
            {t('emoji.noMatches', { query })}
          </p>
        ) : (
          <>
            {recentCount > 0 && <GridHeading text={t('emoji.recent')} />}
            {recentCount > 0 && rows(shown.slice(0, recentCount), 0)}
            {!query.trim() && <GridHeading text={t(`emoji.groups.${group}`)} />}
            {rows(shown.slice(recentCount), recentCount)}
          </>
        )}
      </div>
    </div>,
    document.body,
  );
}
