import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import zhCN from './zh-CN.json';

export const LANGUAGES = ['en', 'zh-CN'] as const;
export type Language = (typeof LANGUAGES)[number];
/** What Settings offers: a language, or whatever the system uses. */
export type LanguagePreference = Language | 'system';
export const LANGUAGE_PREFERENCES: readonly LanguagePreference[] = ['system', ...LANGUAGES];

/** Remembered in localStorage: a UI preference, not data, so it does not go through the bridge. */
const STORAGE_KEY = 'magpie.language';

/** zh, zh-CN, zh-Hans, zh-TW… all get Simplified Chinese (the only Chinese we ship); the rest English. */
export function languageFor(tag: string | undefined | null): Language {
  return tag && /^zh\b/i.test(tag) ? 'zh-CN' : 'en';
}

function savedLanguage(): Language | null {
  try {
    const saved = window.localStorage.getItem(STORAGE_KEY);
    return saved && (LANGUAGES as readonly string[]).includes(saved) ? (saved as Language) : null;
  } catch {
    return null;
  }
}

export function systemLanguage(): Language {
  return languageFor(typeof navigator === 'undefined' ? null : navigator.language);
}

export function initialLanguage(): Language {
  return savedLanguage() ?? systemLanguage();
}

export function savedLanguagePreference(): LanguagePreference {
  return savedLanguage() ?? 'system';
}

export const i18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
  lng: initialLanguage(),
  fallbackLng: 'en',
  supportedLngs: [...LANGUAGES],
  // React escapes what it renders; escaping here would show "&amp;" to people.
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
});

export function currentLanguage(): Language {
  return languageFor(i18n.resolvedLanguage ?? i18n.language) === 'zh-CN' ? 'zh-CN' : 'en';
}

export async function setLanguage(language: LanguagePreference): Promise<void> {
  try {
    if (language === 'system') window.localStorage.removeItem(STORAGE_KEY);
    else window.localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Private mode or a locked-down profile: the choice just lasts for this session.
  }
  await i18n.changeLanguage(language === 'system' ? systemLanguage() : language);
}

function syncDocumentLanguage(language: string): void {
  if (typeof document !== 'undefined') document.documentElement.lang = language;
}
syncDocumentLanguage(i18n.language);
i18n.on('languageChanged', syncDocumentLanguage);

// Following the system: a change of the system language applies at once.
if (typeof window !== 'undefined') {
  window.addEventListener('languagechange', () => {
    if (savedLanguage() === null) void i18n.changeLanguage(systemLanguage());
  });
}
