import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect } from './fixtures';

/** WCAG 2.0 and 2.1, levels A and AA: what issue 7's "accessible" means for the inspector. */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Longest html excerpt printed per failing node: enough to recognise the element. */
const EXCERPT = 160;

/**
 * Runs axe-core over the page as it is now and fails (softly: the test goes on, so one run lists
 * every view's problems) with one line per failing node: rule, impact, selector, html excerpt.
 * `checkpoint` names the view in the message. `disableRules` is for documented false positives
 * only, each justified by a comment at the call site.
 */
export async function expectAccessible(
  page: Page,
  checkpoint: string,
  disableRules: string[] = [],
): Promise<void> {
  let builder = new AxeBuilder({ page }).withTags(WCAG_TAGS);
  if (disableRules.length > 0) builder = builder.disableRules(disableRules);
  // axe's default runner opens a helper page in the page's context; an Electron window has no
  // browser to open it in, so there axe runs inside the window itself (legacy mode).
  if (page.context().browser() === null) builder = builder.setLegacyMode(true);
  const { violations } = await builder.analyze();
  const lines: string[] = [];
  for (const v of violations) {
    for (const node of v.nodes) {
      const html = node.html.replace(/\s+/g, ' ');
      const excerpt = html.length > EXCERPT ? `${html.slice(0, EXCERPT)}…` : html;
      const why = node.failureSummary?.split('\n').slice(1).join(' ').trim();
      lines.push(
        `  ${v.id} [${v.impact ?? 'n/a'}] ${node.target.join(' ')}\n    ${excerpt}${why ? `\n    ${why}` : ''}`,
      );
    }
  }
  const summary = violations.map((v) => `${v.id} ×${v.nodes.length}`).join(', ');
  expect.soft(lines.join('\n'), `accessibility violations at "${checkpoint}": ${summary}`).toBe('');
}
