import { describe, expect, it } from 'vitest';
import { isoToday, noteFreshness } from '../../../lib/kb/freshness';

describe('noteFreshness', () => {
  it('names the month and year of the check', () => {
    expect(noteFreshness('2026-12-05', '2026-12-05')).toEqual({
      label: 'checked December 2026',
      stale: false,
    });
    expect(noteFreshness('2024-02-29', '2026-12-05').label).toBe('checked February 2024');
  });

  it('turns stale on the day three years have passed, not a day before', () => {
    expect(noteFreshness('2023-12-06', '2026-12-05').stale).toBe(false);
    const stale = noteFreshness('2023-12-05', '2026-12-05');
    expect(stale.stale).toBe(true);
    expect(stale.warning).toBe('Not checked for more than 3 years: it may be out of date.');
    expect(noteFreshness('2019-06-30', '2026-01-01').stale).toBe(true);
  });

  it('treats a malformed check date as unknown and possibly out of date', () => {
    expect(noteFreshness('2026-13-01', '2026-12-05')).toMatchObject({
      label: 'check date unknown',
      stale: true,
    });
  });

  it('reads today in UTC', () => {
    expect(isoToday(new Date('2026-12-05T23:59:00Z'))).toBe('2026-12-05');
  });
});
