import { useId } from 'react';

interface SettingToggleProps {
  label: string;
  hint?: string;
  checked: boolean;
  disabled?: boolean;
  testId: string;
  onChange: (checked: boolean) => void;
}

/** A labelled checkbox with its explanation read out with it. */
export function SettingToggle({ label, hint, checked, disabled, testId, onChange }: SettingToggleProps) {
  const id = useId();
  const hintId = useId();
  return (
    <div className="setting-toggle">
      <input id={id} type="checkbox" data-testid={testId} checked={checked} disabled={disabled} aria-describedby={hint ? hintId : undefined} onChange={(e) => onChange(e.target.checked)} />
      <div>
        <label htmlFor={id} className="setting-toggle__label">
          {label}
        </label>
        {hint && (
          <p className="field__hint" id={hintId}>
            {hint}
          </p>
        )}
      </div>
    </div>
  );
}
