import { describe, expect, it } from 'vitest';
import { pageAccess, siteHost } from '../../../lib/summary/page-access';

const reason = (url: string | undefined, fileAccess = false) => {
  const a = pageAccess(url, { fileAccess });
  return a.ok ? 'ok' : a.reason;
};

describe('pageAccess', () => {
  it('allows ordinary web pages', () => {
    expect(reason('https://news.example/health/zinc')).toBe('ok');
    expect(reason('http://127.0.0.1:8080/article.html')).toBe('ok');
  });
  it('explains browser pages', () => {
    for (const u of [
      'chrome://settings/',
      'chrome://newtab/',
      'about:blank',
      'edge://extensions',
      'view-source:https://a.example/',
      'devtools://devtools/x',
    ])
      expect(reason(u)).toBe('browser-page');
  });
  it('explains extension stores', () => {
    expect(reason('https://chromewebstore.google.com/detail/abc')).toBe('web-store');
    expect(reason('https://chrome.google.com/webstore/detail/abc')).toBe('web-store');
    expect(reason('https://addons.mozilla.org/en-US/firefox/')).toBe('web-store');
    expect(reason('https://chrome.google.com/search')).toBe('ok');
  });
  it('explains PDFs', () => {
    expect(reason('https://journal.example/paper.PDF')).toBe('pdf');
    expect(reason('file:///home/me/paper.pdf', true)).toBe('pdf');
  });
  it('explains file pages without file access, and allows them with it', () => {
    const a = pageAccess('file:///home/me/article.html', { fileAccess: false });
    expect(a.ok).toBe(false);
    if (!a.ok) {
      expect(a.reason).toBe('file-no-access');
      expect(a.hint).toMatch(/Allow access to file URLs/);
    }
    expect(reason('file:///home/me/article.html', true)).toBe('ok');
  });
  it('explains extension pages and missing addresses', () => {
    expect(reason('chrome-extension://abcdef/popup.html')).toBe('extension-page');
    expect(reason(undefined)).toBe('no-address');
    expect(reason('not a url')).toBe('no-address');
  });
  it('gives every blocked page a title and a plain explanation', () => {
    for (const u of [
      'chrome://settings',
      'https://chromewebstore.google.com/',
      'https://a.example/x.pdf',
      'file:///x.html',
    ]) {
      const a = pageAccess(u, { fileAccess: false });
      expect(a.ok).toBe(false);
      if (!a.ok) {
        expect(a.title.length).toBeGreaterThan(5);
        expect(a.explanation).toMatch(/SuppLens|extension/);
      }
    }
  });
});

describe('siteHost', () => {
  it('gives the hostname of web pages only', () => {
    expect(siteHost('https://News.Example:8443/a')).toBe('news.example');
    expect(siteHost('file:///x')).toBeUndefined();
    expect(siteHost(undefined)).toBeUndefined();
  });
});
