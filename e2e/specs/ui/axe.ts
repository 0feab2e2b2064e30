import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

type AxeResults = Awaited<ReturnType<AxeBuilder['analyze']>>;
type Violation = AxeResults['violations'][number];

const BLOCKING = new Set(['serious', 'critical']);

/** One violation as a person reads it: rule, impact, what to fix, and where (selector + snippet). */
export function describeViolation(violation: Violation): string {
  const nodes = violation.nodes
    .slice(0, 6)
    .map((node) => `    at ${node.target.join(' ')}\n      ${node.html.slice(0, 160)}\n      ${node.failureSummary?.split('\n').join('\n      ') ?? ''}`)
    .join('\n');
  const more = violation.nodes.length > 6 ? `\n    …and ${violation.nodes.length - 6} more` : '';
  return `[${violation.impact}] ${violation.id}: ${violation.help}\n    ${violation.helpUrl}\n${nodes}${more}`;
}

/** Runs axe on what the page shows now; serious or critical findings fail (softly, so every screen is checked). */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const blocking = results.violations.filter((v) => BLOCKING.has(v.impact ?? ''));
  const report = blocking.map(describeViolation).join('\n');
  expect.soft(blocking.length, `axe found serious or critical problems on ${screen}:\n${report}`).toBe(0);
}
