// Checks both e2e suites run inside the page (Playwright's and Puppeteer's page.evaluate take the
// same function), and the assertions both make about the demo article's marks.
// (No named inner functions in the probes: tsx would wrap them in a helper the page does not have.)
import assert from 'node:assert/strict';

/** Text and layout of the page's own elements (our marks left out). */
export function readPageLayout() {
  const els = [...document.body.querySelectorAll('*')].filter((el) => !el.matches('span[data-supplens-id]'));
  return {
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is the point here
    text: document.body.innerText,
    boxes: els.map((el) => {
      const r = el.getBoundingClientRect();
      return { tag: el.localName, x: r.x, y: r.y, w: r.width, h: r.height };
    }),
    scroll: [document.documentElement.scrollWidth, document.documentElement.scrollHeight],
  };
}

/** Every mark on the page: concept id and kind, text, element and attribute names. */
export function readMarks() {
  return [...document.querySelectorAll('[data-supplens-id]')].map((el) => ({
    id: el.getAttribute('data-supplens-id'),
    kind: el.getAttribute('data-supplens-kind'),
    text: el.textContent,
    attrs: [...el.attributes].map((a) => a.name).sort(),
    tag: el.localName,
  }));
}

/**
 * The demo article: zinc and rheumatoid arthritis (its abbreviation too) marked with their kind,
 * and no mark carries anything but kind, id and what its keyboard and screen-reader use need.
 */
export function assertDemoMarks(marks: ReturnType<typeof readMarks>) {
  const zinc = marks.filter((m) => m.id === 'zinc');
  const ra = marks.filter((m) => m.id === 'rheumatoid-arthritis');
  assert.ok(zinc.length >= 10, `zinc marks: ${zinc.length}`);
  assert.ok(ra.length >= 6, `RA marks: ${ra.length}`);
  assert.ok(zinc.every((m) => m.kind === 'supplement'));
  assert.ok(ra.every((m) => m.kind === 'condition'));
  assert.ok(
    ra.some((m) => m.text === 'rheumatoid arthritis'),
    'the two-word name is one mark',
  );
  assert.ok(
    ra.some((m) => m.text === 'RA'),
    'the abbreviation defined on the page is marked',
  );
  for (const m of marks) {
    assert.equal(m.tag, 'span');
    assert.deepEqual(m.attrs, [
      'aria-expanded',
      'aria-haspopup',
      'data-supplens-id',
      'data-supplens-kind',
      'role',
      'tabindex',
    ]);
  }
}
