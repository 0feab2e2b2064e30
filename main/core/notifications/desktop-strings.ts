import en from '../../../renderer/i18n/en.json';
import zhCN from '../../../renderer/i18n/zh-CN.json';

/**
 * Text main shows outside the window (notifications, the tray): taken from the renderer's own
 * translation files, so every word Magpie shows lives in renderer/i18n. Main cannot read the
 * language the user picked in the window (a page preference in localStorage), so it follows the
 * system's language, as OS menus and notifications do.
 */

export type DesktopLanguage = 'en' | 'zh-CN';
type Tree = { [key: string]: string | Tree };

const CATALOGS: Record<DesktopLanguage, Tree> = { en: en.desktop, 'zh-CN': zhCN.desktop };

/** zh, zh-CN, zh-Hans, zh-TW… get Simplified Chinese (the only Chinese we ship); the rest English. */
export function desktopLanguage(locale: string | null | undefined): DesktopLanguage {
  return locale && /^zh\b/i.test(locale) ? 'zh-CN' : 'en';
}

export type DesktopText = (key: string, values?: Record<string, string | number>) => string;

/** i18next's conventions (`{{name}}`, `_one`/`_other` by `count`), for the handful of strings main needs. */
export function desktopText(language: DesktopLanguage): DesktopText {
  const rules = new Intl.PluralRules(language);
  const lookup = (catalog: Tree, key: string): string | undefined => {
    let node: string | Tree | undefined = catalog;
    for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
    return typeof node === 'string' ? node : undefined;
  };
  const find = (catalog: Tree, key: string, count: unknown): string | undefined =>
    typeof count === 'number'
      ? (lookup(catalog, `${key}_${rules.select(count)}`) ?? lookup(catalog, `${key}_other`) ?? lookup(catalog, key))
      : lookup(catalog, key);
  return (key, values = {}) => {
    const template = find(CATALOGS[language], key, values.count) ?? find(CATALOGS.en, key, values.count) ?? key;
    return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
  };
}
