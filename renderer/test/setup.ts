import { cleanup } from '@testing-library/react';
import { afterEach, beforeEach } from 'vitest';
import { i18n } from '../i18n';
import { usePreferences } from '../state/preferences';
import { usePanels } from '../state/panels';
import { useUiStore } from '../state/ui-store';
import { useDrafts } from '../state/drafts';
import { assertNoContractViolations } from './fake-bridge';

/*
 * jsdom does no layout: every size is 0, so a virtualized list would render no rows. Give the scroll
 * container a viewport and each row a height, which is all @tanstack/react-virtual reads.
 */
const VIEWPORT = { width: 800, height: 600 };
const ROW_HEIGHT = 40;

function defineSize(prop: string, value: (el: HTMLElement) => number) {
  Object.defineProperty(HTMLElement.prototype, prop, {
    configurable: true,
    get(this: HTMLElement) {
      return value(this);
    },
  });
}
defineSize('clientWidth', () => VIEWPORT.width);
defineSize('clientHeight', () => VIEWPORT.height);
defineSize('offsetWidth', () => VIEWPORT.width);
defineSize('offsetHeight', (el) => (el.hasAttribute('data-index') ? ROW_HEIGHT : VIEWPORT.height));

if (!Element.prototype.scrollTo) {
  Element.prototype.scrollTo = function scrollTo(this: Element, options?: ScrollToOptions | number, y?: number) {
    if (typeof options === 'number') this.scrollTop = y ?? 0;
    else if (options?.top !== undefined) this.scrollTop = options.top;
  } as Element['scrollTo'];
}

beforeEach(async () => {
  window.localStorage.clear();
  await i18n.changeLanguage('en');
  usePreferences.getState().load();
  useUiStore.getState().reset();
  useDrafts.getState().reset();
  usePanels.getState().reset();
});

afterEach(() => {
  cleanup();
  delete window.magpie;
  assertNoContractViolations();
});
