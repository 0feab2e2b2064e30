import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppInfo, useAppSettings, useUpdateAppSettings } from '../../data/app-settings';
import { translateError } from '../../i18n/errors';
import { usePreferences } from '../../state/preferences';
import { useUiStore } from '../../state/ui-store';
import { THEME_PREFERENCES, type ThemePreference } from '../../theme';
import { shortcutHint } from '../shortcuts/shortcuts';
import { LanguageSelect } from './LanguageSelect';
import { SettingToggle } from './SettingToggle';

/** This computer: theme, language, and (desktop app only) start at login and close to tray. */
export function GeneralSection() {
  const { t } = useTranslation();
  const openDialog = useUiStore((s) => s.openDialog);
  const theme = usePreferences((s) => s.theme);
  const setTheme = usePreferences((s) => s.setTheme);
  const info = useAppInfo();
  const settings = useAppSettings();
  const update = useUpdateAppSettings();
  const themeId = useId();
  const themeHintId = useId();
  // The browser shell has no tray and no login items: those settings would do nothing there.
  const desktop = info.data?.shell === 'electron';

  return (
    <>
      <div className="field">
        <label htmlFor={themeId} className="field__label">
          {t('settings.theme')}
        </label>
        <select
          id={themeId}
          className="select"
          data-testid="settings-theme"
          value={theme}
          aria-describedby={themeHintId}
          onChange={(e) => setTheme(e.target.value as ThemePreference)}
        >
          {THEME_PREFERENCES.map((value) => (
            <option key={value} value={value}>
              {t(`settings.themes.${value}`)}
            </option>
          ))}
        </select>
        <p className="field__hint" id={themeHintId}>
          {t('settings.themeHint')}
        </p>
      </div>
      <LanguageSelect testId="settings-language" visibleLabel />
      {desktop && settings.data && (
        <fieldset className="settings__group" data-testid="settings-desktop">
          <legend className="settings__legend">{t('settings.desktop')}</legend>
          <SettingToggle
            testId="settings-start-at-login"
            label={t('settings.startAtLogin')}
            checked={settings.data.startAtLogin}
            onChange={(startAtLogin) => update.mutate({ startAtLogin })}
          />
          <SettingToggle
            testId="settings-close-to-tray"
            label={t('settings.closeToTray')}
            hint={t('settings.closeToTrayHint')}
            checked={settings.data.closeToTray}
            onChange={(closeToTray) => update.mutate({ closeToTray })}
          />
        </fieldset>
      )}
      {update.isError && (
        <p className="form-error" role="alert">
          {translateError(t, update.error)}
        </p>
      )}
      <div className="settings__row">
        <span>{t('settings.shortcutsBody')}</span>
        <button type="button" className="link-button" data-testid="settings-shortcuts" onClick={() => openDialog('shortcut-help')}>
          {t('common.withShortcut', { action: t('settings.shortcutsLink'), keys: shortcutHint('shortcutHelp', t) })}
        </button>
      </div>
    </>
  );
}
