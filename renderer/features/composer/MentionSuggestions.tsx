import { useTranslation } from 'react-i18next';
import { Avatar } from '../../components/Avatar';
import type { Suggestion } from './mention-query';

interface MentionSuggestionsProps {
  id: string;
  items: Suggestion[];
  active: number;
  onPick: (item: Suggestion) => void;
  onHover: (index: number) => void;
}

/** The members matching what follows `@`, above the composer; the textarea keeps focus. */
export function MentionSuggestions({ id, items, active, onPick, onHover }: MentionSuggestionsProps) {
  const { t } = useTranslation();
  return (
    <ul className="mention-suggestions" id={id} role="listbox" aria-label={t('mentions.label')} data-testid="mention-suggestions">
      {items.map((item, index) => {
        const key = item.kind === 'all' ? 'all' : item.member.id;
        const name = item.kind === 'all' ? item.token : item.member.displayName.trim() || item.member.username;
        return (
          <li
            key={key}
            id={`${id}-${index}`}
            role="option"
            aria-selected={index === active}
            className={`mention-suggestions__item${index === active ? ' mention-suggestions__item--active' : ''}`}
            data-testid="mention-option"
            data-user-id={item.kind === 'member' ? item.member.id : 'all'}
            onMouseDown={(e) => e.preventDefault()}
            onMouseMove={() => index !== active && onHover(index)}
            onClick={() => onPick(item)}
          >
            {item.kind === 'member' ? <Avatar userId={item.member.id} name={name} size="sm" /> : <span className="mention-suggestions__all" aria-hidden="true">@</span>}
            <span className="mention-suggestions__name">{name}</span>
            <span className="muted">{item.kind === 'member' ? t('common.atUsername', { username: item.member.username }) : t('mentions.allHint')}</span>
          </li>
        );
      })}
    </ul>
  );
}
