import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Spinner } from '../../components/Spinner';
import { useAppSettings, useUpdateAppSettings } from '../../data/app-settings';
import { useFormatters } from '../../i18n/format';
import { translateError } from '../../i18n/errors';
import { dndActive, dndUntil, type DndChoice } from './dnd';
import { SettingToggle } from './SettingToggle';

/** How Magpie interrupts: on or off, with sound, for everything or mentions only, and do not disturb. */
export function NotificationsSection() {
  const { t } = useTranslation();
  const format = useFormatters();
  const settings = useAppSettings();
  const update = useUpdateAppSettings();
  const dndId = useId();
  const dndStatusId = useId();

  if (settings.isPending) {
    return (
      <p role="status">
        <Spinner /> {t('app.loading')}
      </p>
    );
  }
  if (settings.isError) {
    return (
      <p className="form-error" role="alert">
        {translateError(t, settings.error)}
      </p>
    );
  }
  const n = settings.data.notifications;
  const dndOn = dndActive(n.dndUntil);

  return (
    <>
      <SettingToggle
        testId="settings-notifications-enabled"
        label={t('notifications.enabled')}
        checked={n.enabled}
        onChange={(enabled) => update.mutate({ notifications: { enabled } })}
      />
      <SettingToggle
        testId="settings-notifications-sound"
        label={t('notifications.sound')}
        checked={n.sound}
        disabled={!n.enabled}
        onChange={(sound) => update.mutate({ notifications: { sound } })}
      />
      <SettingToggle
        testId="settings-notifications-mentions"
        label={t('notifications.mentionsOnly')}
        hint={t('notifications.mentionsOnlyHint')}
        checked={n.mode === 'mentions'}
        disabled={!n.enabled}
        onChange={(mentions) => update.mutate({ notifications: { mode: mentions ? 'mentions' : 'all' } })}
      />
      <div className="field">
        <label htmlFor={dndId} className="field__label">
          {t('notifications.dnd')}
        </label>
        <select
          id={dndId}
          className="select"
          data-testid="settings-dnd"
          // The select offers choices, not the current end time: it shows "off" or "on" by state.
          value={dndOn ? 'on' : 'off'}
          aria-describedby={dndStatusId}
          disabled={!n.enabled}
          onChange={(e) => {
            const choice = e.target.value as DndChoice | 'on';
            if (choice !== 'on') update.mutate({ notifications: { dndUntil: dndUntil(choice) } });
          }}
        >
          <option value="off">{t('notifications.dndOff')}</option>
          {dndOn && <option value="on">{t('notifications.dndOn')}</option>}
          <option value="hour">{t('notifications.dndHour')}</option>
          <option value="tomorrow">{t('notifications.dndTomorrow')}</option>
        </select>
        <p className="field__hint" id={dndStatusId} data-testid="settings-dnd-status">
          {dndOn ? t('notifications.dndUntil', { time: format.full(n.dndUntil!) }) : t('notifications.dndHint')}
        </p>
      </div>
      {update.isError && (
        <p className="form-error" role="alert">
          {translateError(t, update.error)}
        </p>
      )}
    </>
  );
}
