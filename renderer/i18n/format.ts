import { useTranslation } from 'react-i18next';
import { useMemo } from 'react';

const DAY_MS = 24 * 60 * 60 * 1000;

export function startOfDay(ms: number): number {
  const d = new Date(ms);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/** Whole calendar days between two instants (DST-safe: a day may be 23 or 25 hours). */
export function daysBetween(earlier: number, later: number): number {
  return Math.round((startOfDay(later) - startOfDay(earlier)) / DAY_MS);
}

export function isSameDay(a: number, b: number): boolean {
  return startOfDay(a) === startOfDay(b);
}

interface IntlFormats {
  time: Intl.DateTimeFormat;
  weekday: Intl.DateTimeFormat;
  shortDate: Intl.DateTimeFormat;
  longDate: Intl.DateTimeFormat;
  full: Intl.DateTimeFormat;
}

const intlByLanguage = new Map<string, IntlFormats>();

/**
 * The Intl formatters of a language, made once per page. Creating an Intl.DateTimeFormat costs
 * ~0.1 ms, and `t` (so the memo below) is new for every component instance: per mounted message
 * row that was five of them, most of a scrolling frame's script time (see the renderer bench).
 */
function intlFor(lang: string): IntlFormats {
  let formats = intlByLanguage.get(lang);
  if (!formats) {
    formats = {
      time: new Intl.DateTimeFormat(lang, { hour: 'numeric', minute: '2-digit' }),
      weekday: new Intl.DateTimeFormat(lang, { weekday: 'short' }),
      shortDate: new Intl.DateTimeFormat(lang, { month: 'short', day: 'numeric' }),
      longDate: new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'long', day: 'numeric', weekday: 'long' }),
      full: new Intl.DateTimeFormat(lang, { dateStyle: 'full', timeStyle: 'short' }),
    };
    intlByLanguage.set(lang, formats);
  }
  return formats;
}

/** Date and time formatters in the active language; rebuilt only when the language changes. */
export function useFormatters() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return useMemo(() => {
    const { time, weekday, shortDate, longDate, full } = intlFor(lang);
    return {
      /** 14:05 */
      time: (ms: number) => time.format(ms),
      /** Full date and time, for titles and tooltips. */
      full: (ms: number) => full.format(ms),
      /** Day separator in a chat: Today, Yesterday, or the full date. */
      day: (ms: number, now = Date.now()) => {
        const days = daysBetween(ms, now);
        if (days === 0) return t('chat.today');
        if (days === 1) return t('chat.yesterday');
        return longDate.format(ms);
      },
      /** Conversation list: time today, weekday this week, else the date. */
      listTime: (ms: number, now = Date.now()) => {
        const days = daysBetween(ms, now);
        if (days === 0) return time.format(ms);
        if (days === 1) return t('chat.yesterday');
        if (days > 1 && days < 7) return weekday.format(ms);
        return shortDate.format(ms);
      },
    };
  }, [lang, t]);
}
