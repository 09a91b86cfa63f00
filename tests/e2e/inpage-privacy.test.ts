// A hostile page tries to learn the reader's flags. tests/fixtures/pages/snoop.html records every
// DOM mutation from the start and, with the tooltip open, reads the whole DOM with attributes,
// every element's box, client sizes and full computed style (and ::before/::after), every style
// sheet, any shadow root it can reach, frame count, focus, resource entries and visible text. The
// test runs it with no flags and with a flag that matches the page, and requires identical
// results, while checking inside the extension frame that the flag did change what the reader sees.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { FIXTURE_PAGES, waitForAnnotations } from '../support/harness';
import { focusAsReader, settle, waitForTooltip, writeSettings } from '../support/inpage';
import { extensionSuite } from '../support/suite';
import { firstDifference } from '../support/watch';

const suite = extensionSuite([FIXTURE_PAGES]);

interface Seen {
  snapshot: string;
  flagBadges: number;
  firstNote: string;
}

async function visit(flags: string[], how: 'hover' | 'focus'): Promise<Seen> {
  await writeSettings(suite.b, { flags });
  const page: Page = await suite.b.context.newPage();
  await page.setViewportSize({ width: 1100, height: 800 });
  await page.goto(`${suite.server.origin}/snoop.html`);
  await waitForAnnotations(page, 3);
  await settle(suite.b, page);
  const zinc = page.locator('[data-supplens-id="zinc"][tabindex]').first();
  if (how === 'hover') {
    const box = await zinc.evaluate((el) => {
      const r = el.getClientRects()[0]!;
      return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
    });
    await page.mouse.move(box.x, box.y);
  }
  const frame = how === 'hover' ? await waitForTooltip(page) : await focusAsReader(page, zinc);
  await frame.locator('[data-note-id]').first().waitFor();
  await page.waitForTimeout(300);
  const snapshot = await page.evaluate(() => (window as unknown as { snoop: () => string }).snoop());
  const flagBadges = await frame.locator('.sl-badge--flag').count();
  const firstNote = (await frame.locator('[data-note-id]').first().getAttribute('data-note-id')) ?? '';
  await page.close();
  return { snapshot, flagBadges, firstNote };
}

for (const how of ['hover', 'focus'] as const) {
  test(`page script sees no difference between flag set and unset (tooltip opened by ${how})`, async () => {
    const unset = await visit([], how);
    const set = await visit(['rheumatoid-arthritis'], how);
    // The flag did reach the reader, inside the extension frame ...
    assert.equal(unset.flagBadges, 0);
    assert.ok(set.flagBadges >= 1, 'the flagged note is marked inside the tooltip');
    // ... and nothing of it reached the page.
    assert.ok(unset.snapshot === set.snapshot, firstDifference(unset.snapshot, set.snapshot));
    const seen = JSON.parse(set.snapshot) as {
      elements: { shadow: string | null; attrs: string[] }[];
      html: string;
      log: string[];
    };
    assert.ok(
      seen.elements.every((e) => e.shadow === null),
      'no shadow root of ours is reachable',
    );
    assert.ok(
      !seen.html.includes('Matches your flag') && !seen.html.includes('sl-note'),
      'no note markup in the page',
    );
    assert.ok(seen.log.length > 0, 'the snoop did record our DOM changes');
  });
}

test('no network request from extension code', () => {
  assert.deepEqual(suite.b.extensionRequests, []);
});
