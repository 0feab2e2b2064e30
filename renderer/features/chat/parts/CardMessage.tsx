import type { Card } from '../../../../shared/protocol/entities';
import { isSafeUrl } from '../markdown';
import { openExternal } from '../links';

/** Structured content from a plugin: shown, never run; its actions are links for the browser. */
export function CardMessage({ card }: { card: Card }) {
  return (
    <section className="card-message" data-testid="card-message" aria-label={card.title}>
      <h3 className="card-message__title" dir="auto">
        {card.title}
      </h3>
      {card.body && (
        <p className="card-message__body" dir="auto">
          {card.body}
        </p>
      )}
      {card.fields.length > 0 && (
        <dl className="card-message__fields">
          {card.fields.map((field, i) => (
            <div key={i} className="card-message__field">
              <dt>{field.label}</dt>
              <dd dir="auto">{field.value}</dd>
            </div>
          ))}
        </dl>
      )}
      {card.actions.some((a) => isSafeUrl(a.url)) && (
        <div className="card-message__actions">
          {card.actions
            .filter((action) => isSafeUrl(action.url))
            .map((action, i) => (
              <button key={i} type="button" className="button button--quiet" title={action.url} onClick={() => openExternal(action.url)}>
                {action.label}
              </button>
            ))}
        </div>
      )}
    </section>
  );
}
