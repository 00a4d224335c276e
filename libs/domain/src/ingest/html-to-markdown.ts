// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- ambient types for an untyped CommonJS plugin, needed wherever this file is compiled
/// <reference path="./turndown-plugin-gfm.d.ts" />
/**
 * Web page → markdown: the page's main content (Mozilla Readability, the Firefox
 * Reader View engine, on a linkedom DOM) converted with Turndown plus the GFM plugin so
 * headings, lists, fenced code and tables survive. Site chrome (navigation, header,
 * footer, asides) is removed before and by Readability.
 */
import * as gfmModule from '@joplin/turndown-plugin-gfm';
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import TurndownService from 'turndown';

import { pageTitle, siteName as siteNameOf } from './page-title.js';

const CHROME =
  'script, style, noscript, template, nav, header, footer, aside, form, iframe, svg, [role="navigation"], [role="banner"], [role="contentinfo"], [aria-hidden="true"]';

// The plugin is CommonJS: depending on the loader its exports arrive as named exports
// or under `default`.
const gfm = gfmModule.gfm ?? gfmModule.default.gfm;

export interface PageMarkdown {
  readonly title: string;
  readonly markdown: string;
  /** The site's name, when the page states it (see page-title.ts); else empty. */
  readonly site: string;
}

function turndown(): TurndownService {
  const service = new TurndownService({
    headingStyle: 'atx',
    codeBlockStyle: 'fenced',
    bulletListMarker: '-',
    emDelimiter: '_',
  });
  service.use(gfm);
  service.remove(['script', 'style', 'noscript']);
  return service;
}

export function markdownFromHtmlFragment(html: string): string {
  return tidy(turndown().turndown(html));
}

export function htmlToMarkdown(html: string): PageMarkdown {
  const { document } = parseHTML(html);
  // A body without a single element (empty, plain text, only a comment or a doctype)
  // gives no document element, and Readability throws on such a document: the page has
  // nothing to read.
  if (!document.documentElement) return { title: pageTitle({}), markdown: '', site: '' };
  const meta = (selector: string) =>
    document.querySelector(selector)?.getAttribute('content')?.trim() ?? '';
  const docTitle = document.querySelector('title')?.textContent?.trim() ?? '';
  const ogTitle = meta('meta[property="og:title"], meta[name="twitter:title"]');
  const siteName = meta('meta[property="og:site_name"], meta[name="application-name"]');
  for (const element of document.querySelectorAll(CHROME)) element.remove();
  // Read after the chrome is gone: a site's header often holds an <h1> with its own name.
  const h1 = document.querySelector('h1')?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
  // Readability drops headings whose class or id looks like chrome ("header"), which
  // hits real content headings such as Notion's "notion-sub_header-block".
  for (const heading of document.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
    heading.removeAttribute('class');
    heading.removeAttribute('id');
  }
  const article = new Readability(
    document as unknown as ConstructorParameters<typeof Readability>[0],
    {
      keepClasses: true,
      charThreshold: 200,
    },
  ).parse();
  const title = pageTitle({
    h1,
    ogTitle,
    docTitle,
    siteName,
    fallback: article?.title ?? undefined,
  });
  const content =
    article?.content ?? document.querySelector('main, article, body')?.innerHTML ?? '';
  let markdown = markdownFromHtmlFragment(content);
  // Readability drops the <h1> it took as the title; keep the body starting below it.
  if (h1 && markdown.startsWith(`# ${h1}`)) markdown = markdown.slice(h1.length + 2).trim();
  return { title, markdown, site: siteNameOf({ siteName, docTitle, ogTitle }) };
}

/** Turndown pads list markers to four columns (outside code fences); blank-line runs collapse. */
function tidy(markdown: string): string {
  let fenced = false;
  const lines = markdown.split('\n').map((line) => {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    return fenced ? line : line.replace(/^(\s*)([-*]|\d+\.)\s{2,}/, '$1$2 ');
  });
  return lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
