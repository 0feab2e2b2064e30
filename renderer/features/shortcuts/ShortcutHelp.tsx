import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../components/Dialog';
import { useUiStore } from '../../state/ui-store';
import { CONTEXT_SHORTCUTS, GLOBAL_SHORTCUTS, comboKeys, type KeyCombo } from './shortcuts';

function Combos({ combos }: { combos: readonly KeyCombo[] }) {
  const { t } = useTranslation();
  return (
    <span className="shortcut__keys">
      {combos.map((combo, i) => (
        <Fragment key={i}>
          {i > 0 && <span className="shortcut__or">{t('shortcuts.or')}</span>}
          <span className="shortcut__combo">
            {comboKeys(combo, t).map((key) => (
              <kbd key={key} className="kbd">
                {key}
              </kbd>
            ))}
          </span>
        </Fragment>
      ))}
    </span>
  );
}

/** Every keyboard shortcut, from the same list the key handler reads, so it cannot go stale. */
export function ShortcutHelp() {
  const { t } = useTranslation();
  const close = useUiStore((s) => s.closeDialog);
  const sections = [
    { id: 'general', rows: GLOBAL_SHORTCUTS.map((s) => ({ id: s.action, combos: s.combos })) },
    { id: 'inPlace', rows: CONTEXT_SHORTCUTS },
  ];
  return (
    <Dialog
      title={t('shortcuts.title')}
      onClose={close}
      testId="shortcut-help"
      className="dialog--wide"
      scrollableContent
      footer={
        <button type="button" className="button" onClick={close}>
          {t('common.close')}
        </button>
      }
    >
      {sections.map((section) => (
        <section key={section.id} className="shortcut-section" aria-labelledby={`shortcuts-${section.id}`}>
          <h3 className="shortcut-section__title" id={`shortcuts-${section.id}`}>
            {t(`shortcuts.sections.${section.id}`)}
          </h3>
          <ul className="shortcut-list">
            {section.rows.map((row) => (
              <li key={row.id} className="shortcut" data-testid="shortcut-row" data-shortcut={row.id}>
                <span className="shortcut__label">{t(`shortcuts.actions.${row.id}`)}</span>
                <Combos combos={row.combos} />
              </li>
            ))}
          </ul>
        </section>
      ))}
    </Dialog>
  );
}
