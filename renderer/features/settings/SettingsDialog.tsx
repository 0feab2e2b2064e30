import '../../styles/settings-sections.css';
import { useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../../../shared/protocol/entities';
import { Dialog } from '../../components/Dialog';
import { usePanels, type SettingsSection } from '../../state/panels';
import { useUiStore } from '../../state/ui-store';
import { AccountSection } from '../account/AccountSection';
import { AdminSection } from '../admin/AdminSection';
import { GeneralSection } from './GeneralSection';
import { NotificationsSection } from './NotificationsSection';

/**
 * Settings in sections (tabs): this computer's preferences, notifications, the account, and for
 * workspace admins the workspace. Arrow keys move between the tabs, as WAI-ARIA tabs do.
 */
export function SettingsDialog({ me }: { me: User }) {
  const { t } = useTranslation();
  const close = useUiStore((s) => s.closeDialog);
  const section = usePanels((s) => s.settingsSection);
  const show = usePanels((s) => s.showSettingsSection);
  const tabs = useRef<HTMLDivElement>(null);
  const baseId = useId();
  const sections: SettingsSection[] = ['general', 'notifications', 'account', ...(me.isAdmin ? (['admin'] as const) : [])];
  const current = sections.includes(section) ? section : 'general';

  const onTabKey = (e: React.KeyboardEvent) => {
    const step = e.key === 'ArrowDown' || e.key === 'ArrowRight' ? 1 : e.key === 'ArrowUp' || e.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    e.preventDefault();
    const next = sections[(sections.indexOf(current) + step + sections.length) % sections.length]!;
    show(next);
    tabs.current?.querySelector<HTMLElement>(`[data-section="${next}"]`)?.focus();
  };

  return (
    <Dialog
      title={t('settings.title')}
      onClose={close}
      testId="settings-dialog"
      className="dialog--settings"
      footer={
        <button type="button" className="button button--primary" data-testid="settings-done" onClick={close}>
          {t('settings.done')}
        </button>
      }
    >
      <div className="settings-layout">
        <div ref={tabs} className="settings-tabs" role="tablist" aria-orientation="vertical" aria-label={t('settings.sectionsLabel')} onKeyDown={onTabKey}>
          {sections.map((id) => (
            <button
              key={id}
              type="button"
              role="tab"
              id={`${baseId}-tab-${id}`}
              aria-selected={id === current}
              aria-controls={`${baseId}-panel`}
              tabIndex={id === current ? 0 : -1}
              className="settings-tabs__tab"
              data-section={id}
              data-testid={`settings-tab-${id}`}
              onClick={() => show(id)}
            >
              {t(`settings.sections.${id}`)}
            </button>
          ))}
        </div>
        <div className="settings settings-panel" role="tabpanel" id={`${baseId}-panel`} aria-labelledby={`${baseId}-tab-${current}`} data-testid={`settings-panel-${current}`}>
          {current === 'general' && <GeneralSection />}
          {current === 'notifications' && <NotificationsSection />}
          {current === 'account' && <AccountSection me={me} />}
          {current === 'admin' && <AdminSection />}
        </div>
      </div>
    </Dialog>
  );
}
