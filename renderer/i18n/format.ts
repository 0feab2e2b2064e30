import { useTranslation } from 'react-i18next';
import { useMemo } from 'react';

const DAY_MS = 24 * 60 * 60 * 1000;

export function startOfDay(ms: number): number {
  const d = new Date(ms);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

export function isSameDay(a: number, b: number): boolean {
  return startOfDay(a) === startOfDay(b);
}

/** Date and time formatters in the active language; rebuilt only when the language changes. */
export function useFormatters() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return useMemo(() => {
    const time = new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit' });
    const weekday = new Intl.DateTimeFormat(lang, { weekday: 'short' });
    const shortDate = new Intl.DateTimeFormat(lang, { month: 'short', day: 'numeric' });
    const longDate = new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'long', day: 'numeric', weekday: 'long' });
    const full = new Intl.DateTimeFormat(lang, { dateStyle: 'full', timeStyle: 'short' });
    return {
      /** 14:05 */
      time: (ms: number) => time.format(ms),
      /** Full date and time, for titles and tooltips. */
      full: (ms: number) => full.format(ms),
      /** Day separator in a chat: Today, Yesterday, or the full date. */
      day: (ms: number, now = Date.now()) => {
        const diff = startOfDay(now) - startOfDay(ms);
        if (diff === 0) return t('chat.today');
        if (diff === DAY_MS) return t('chat.yesterday');
        return longDate.format(ms);
      },
      /** Conversation list: time today, weekday this week, else the date. */
      listTime: (ms: number, now = Date.now()) => {
        const diff = startOfDay(now) - startOfDay(ms);
        if (diff === 0) return time.format(ms);
        if (diff === DAY_MS) return t('chat.yesterday');
        if (diff < 7 * DAY_MS) return weekday.format(ms);
        return shortDate.format(ms);
      },
    };
  }, [lang, t]);
}
