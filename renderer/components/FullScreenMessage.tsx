import type { ReactNode } from 'react';

interface FullScreenMessageProps {
  title: string;
  body?: ReactNode;
  testId?: string;
  action?: ReactNode;
  tone?: 'neutral' | 'error';
}

/** A whole-window notice: start-up, loading, and the failures that leave nothing else to show. */
export function FullScreenMessage({ title, body, testId, action, tone = 'neutral' }: FullScreenMessageProps) {
  return (
    <main className={`fullscreen fullscreen--${tone}`} data-testid={testId} role={tone === 'error' ? 'alert' : 'status'}>
      <div className="fullscreen__card">
        <div className="brand-mark" aria-hidden="true" />
        <h1 className="fullscreen__title">{title}</h1>
        {body && <div className="fullscreen__body">{body}</div>}
        {action}
      </div>
    </main>
  );
}
