/**
 * The title a person would give an imported page. Sites put their own name in the
 * <title> ("Fixing a Flat | Spoke & Chain") and often in a header <h1>, so the first
 * heading of the document is not the article's title. In order of trust: the article's
 * own <h1> (read after site chrome is removed), og:title, then <title>, each cleaned
 * of the site's name.
 */

/** Separators sites use between a page's title and their own name. */
const SEPARATOR = /\s+(?:[|·»–—]|-{1,2}|::)\s+/u;

export interface TitleCandidates {
  /** The first <h1> of the page's content, chrome removed. */
  readonly h1?: string | undefined;
  readonly ogTitle?: string | undefined;
  readonly docTitle?: string | undefined;
  /** og:site_name or application-name, when the page states it. */
  readonly siteName?: string | undefined;
  /** What Readability took as the title. */
  readonly fallback?: string | undefined;
}

const squash = (text: string | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();
const same = (a: string, b: string) => a.localeCompare(b, 'en', { sensitivity: 'base' }) === 0;

/** "Title | Site" → "Title": the site's segment is dropped, else the last of several. */
export function withoutSiteName(raw: string | undefined, siteName: string | undefined): string {
  const title = squash(raw);
  const parts = title.split(SEPARATOR).map(squash).filter(Boolean);
  if (parts.length < 2) return title;
  const site = squash(siteName);
  if (site) {
    const kept = parts.filter((part) => !same(part, site));
    if (kept.length > 0 && kept.length < parts.length) return kept.join(' – ');
  }
  return parts.slice(0, -1).join(' – ');
}

export function pageTitle(candidates: TitleCandidates): string {
  const site = squash(candidates.siteName);
  const h1 = squash(candidates.h1);
  const pick = [
    site && same(h1, site) ? '' : h1,
    withoutSiteName(candidates.ogTitle, site),
    withoutSiteName(candidates.docTitle, site),
    withoutSiteName(candidates.fallback, site),
  ].find((title) => title !== '' && !(site && same(title, site)));
  return (pick ?? 'Untitled page').slice(0, 200);
}

/**
 * The name of the site a page belongs to, when the page says it: og:site_name (or
 * application-name), else the segment that ends its <title> or og:title ("Fixing a
 * Flat | Spoke & Chain"). Empty when the page names no site.
 */
export function siteName(candidates: TitleCandidates): string {
  const stated = squash(candidates.siteName);
  if (stated) return stated.slice(0, 200);
  for (const raw of [candidates.docTitle, candidates.ogTitle]) {
    const parts = squash(raw).split(SEPARATOR).map(squash).filter(Boolean);
    if (parts.length >= 2) return (parts.at(-1) ?? '').slice(0, 200);
  }
  return '';
}
