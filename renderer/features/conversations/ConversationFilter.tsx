import { useId } from 'react';
import { useTranslation } from 'react-i18next';

interface ConversationFilterProps {
  value: string;
  onChange: (value: string) => void;
}

/** Narrows the conversation list as you type; Escape clears it. */
export function ConversationFilter({ value, onChange }: ConversationFilterProps) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="conversation-filter">
      <label htmlFor={id} className="visually-hidden">
        {t('conversations.filterLabel')}
      </label>
      <span className="icon icon--search conversation-filter__icon" aria-hidden="true" />
      <input
        id={id}
        className="input input--compact conversation-filter__input"
        type="search"
        data-testid="conversation-filter"
        placeholder={t('conversations.filterPlaceholder')}
        value={value}
        maxLength={100}
        autoComplete="off"
        spellCheck={false}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && value && !e.nativeEvent.isComposing) {
            e.preventDefault();
            onChange('');
          }
        }}
      />
    </div>
  );
}
