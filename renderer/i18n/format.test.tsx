import { act, render } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { afterEach, describe, expect, it } from 'vitest';
import { useFormatters } from './format';
import { i18n } from './index';

const AT = new Date(2024, 2, 9, 14, 5).getTime();

function Stamp() {
  const format = useFormatters();
  return <span data-testid="stamp">{format.full(AT)}</span>;
}

describe('useFormatters', () => {
  const RealDateTimeFormat = Intl.DateTimeFormat;
  afterEach(async () => {
    Intl.DateTimeFormat = RealDateTimeFormat;
    await i18n.changeLanguage('en');
  });

  it('makes the Intl formatters once per language, not once per component', async () => {
    await i18n.changeLanguage('en');
    let made = 0;
    Intl.DateTimeFormat = function (...args: ConstructorParameters<typeof Intl.DateTimeFormat>) {
      made++;
      return new RealDateTimeFormat(...args);
    } as unknown as typeof Intl.DateTimeFormat;
    const { getAllByTestId } = render(
      <I18nextProvider i18n={i18n}>
        {Array.from({ length: 20 }, (_, i) => (
          <Stamp key={i} />
        ))}
      </I18nextProvider>,
    );
    // At most one set of five (none when an earlier test already made the English ones).
    expect(made).toBeLessThanOrEqual(5);
    expect(getAllByTestId('stamp')[0]!.textContent).toBe(new RealDateTimeFormat('en', { dateStyle: 'full', timeStyle: 'short' }).format(AT));

    // Switching language still switches the formats.
    await act(() => i18n.changeLanguage('zh-CN'));
    expect(getAllByTestId('stamp')[0]!.textContent).toBe(new RealDateTimeFormat('zh-CN', { dateStyle: 'full', timeStyle: 'short' }).format(AT));
  });
});
