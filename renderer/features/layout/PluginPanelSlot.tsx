import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { usePanels } from '../../state/panels';
import { PLUGIN_PANEL_ID } from './ChatHeader';

/**
 * The region beside the chat where plugin panels live. It is a real landmark with a heading and a
 * close button; until a plugin is installed it says so (the plugin work fills `children`).
 */
export function PluginPanelSlot({ children }: { children?: ReactNode }) {
  const { t } = useTranslation();
  const open = usePanels((s) => s.pluginPanelOpen);
  const toggle = usePanels((s) => s.togglePluginPanel);
  const headingId = useId();
  if (!open) return null;
  return (
    <aside id={PLUGIN_PANEL_ID} className="side-panel plugin-panel" data-testid="plugin-panel" aria-labelledby={headingId}>
      <header className="side-panel__header">
        <h2 className="side-panel__title" id={headingId}>
          {t('pluginPanel.title')}
        </h2>
        <button type="button" className="icon-button" data-testid="plugin-panel-close" aria-label={t('pluginPanel.close')} title={t('pluginPanel.close')} onClick={() => toggle(false)}>
          <span aria-hidden="true">×</span>
        </button>
      </header>
      <div className="side-panel__body">{children ?? <p className="muted">{t('pluginPanel.none')}</p>}</div>
    </aside>
  );
}
