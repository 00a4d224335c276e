/**
 * ingest_url_to_draft: a link in, lessons out. The URL is recognised (YouTube, Notion,
 * Google Docs, any web page), fetched through the vetted fetcher, extracted to markdown
 * sections, segmented (by the model, or offline by the source's own structure) and
 * written as a new draft course or appended to one the caller owns, in one transaction.
 */
import type { Db } from '@lumen/db';

import type { Actor } from '../actor.js';
import { writeDraft } from '../authoring/draft-writer.js';
import type { DraftRunOptions } from '../authoring/progress.js';
import { report, throwIfCancelled } from '../authoring/progress.js';
import { LumenError } from '../errors.js';
import type { LlmGateway } from '../llm/llm-gateway.js';
import { createAddressPolicy } from './address-policy.js';
import type { ExtractContext } from './extract-context.js';
import { unwrap } from './fetch-errors.js';
import type { HtmlLimits } from './html-limits.js';
import { DEFAULT_HTML_LIMITS } from './html-limits.js';
import { planIngest } from './ingest-plan.js';
import { recogniseUrl } from './recognise-url.js';
import type { HostLookup, SafeFetchConfig } from './safe-fetch.js';
import { safeFetch, systemLookup } from './safe-fetch.js';
import type { ExtractedSource, SourceKind } from './source.js';

export interface IngestOptions {
  readonly db: Db;
  readonly gateway: LlmGateway;
  /** Called after a draft is written (e.g. to drop remembered catalog pages). */
  readonly onCatalogChange?: (() => void) | undefined;
  /** Host name resolution (default: the system resolver, every address). */
  readonly lookup?: HostLookup | undefined;
  /** Host names or IP ranges (CIDR) fetched even though internal, e.g. a local wiki. */
  readonly allowHosts?: readonly string[] | undefined;
  /** Largest body read from any one URL (default 5 MiB). */
  readonly maxBytes?: number | undefined;
  /** Per-URL time limit, connection to last byte (default 15 s). */
  readonly timeoutMs?: number | undefined;
  readonly maxRedirects?: number | undefined;
  /** Bounds on reading a fetched HTML page (default DEFAULT_HTML_LIMITS). */
  readonly htmlLimits?: Partial<HtmlLimits> | undefined;
  /** NOTION_TOKEN: when set, Notion pages are read through the Notion API. */
  readonly notionToken?: string | undefined;
  readonly notionApiBase?: string | undefined;
  readonly youtubeBase?: string | undefined;
  readonly gdocsBase?: string | undefined;
}

export interface IngestUrlInput {
  readonly url: string;
  /** Append to this course (owned by the caller, or any course for an admin). */
  readonly courseId?: string | undefined;
}

export interface IngestUrlResult {
  readonly courseId: string;
  readonly slug: string;
  readonly status: 'draft' | 'published';
  readonly lessonsAdded: number;
  readonly source: { readonly kind: SourceKind; readonly title: string; readonly url: string };
}

export interface Ingest {
  ingestUrlToDraft(
    actor: Actor,
    input: IngestUrlInput,
    run: DraftRunOptions | undefined,
    now: Date,
  ): Promise<IngestUrlResult>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createIngest(options: IngestOptions): Ingest {
  const fetchConfig: SafeFetchConfig = {
    policy: createAddressPolicy(options.allowHosts ?? []),
    lookup: options.lookup ?? systemLookup,
    maxBytes: options.maxBytes ?? 5 * 1024 * 1024,
    timeoutMs: options.timeoutMs ?? 15_000,
    maxRedirects: options.maxRedirects ?? 5,
  };
  const htmlLimits: HtmlLimits = { ...DEFAULT_HTML_LIMITS, ...options.htmlLimits };
  // Loaded now rather than on the first import: the reader carries the worker's bundled
  // script, and compiling that module mid-request would hold up every other request.
  const htmlReader = import('./read-html-page.js').then((module) =>
    module.createHtmlPageReader(htmlLimits),
  );
  htmlReader.catch(() => undefined); // a load failure is reported by the first page read
  const trim = (base: string): string => base.replace(/\/+$/, '');
  const bases = {
    youtube: trim(options.youtubeBase ?? 'https://www.youtube.com'),
    gdocs: trim(options.gdocsBase ?? 'https://docs.google.com'),
    notion: trim(options.notionApiBase ?? 'https://api.notion.com'),
  };

  async function extract(url: URL, run: DraftRunOptions): Promise<ExtractedSource> {
    let fetched = 0;
    const context: ExtractContext = {
      async fetchDocument(target, accept, headers) {
        throwIfCancelled(run.signal);
        report(run, 'fetching', fetched, fetched + 1, `fetching ${new URL(target).host}`);
        const document = unwrap(
          await safeFetch(fetchConfig, { url: target, accept, headers, signal: run.signal }),
        );
        fetched += 1;
        report(run, 'fetching', fetched, fetched, `fetched ${document.body.length} characters`);
        return document;
      },
      async readHtml(html) {
        return (await htmlReader)(html, run.signal);
      },
    };
    const recognised = recogniseUrl(url);
    // The extractors are imported on first use: their parsing packages are the heaviest
    // modules of the domain, and every process that loads the domain would otherwise
    // evaluate them at start-up.
    switch (recognised.kind) {
      case 'youtube': {
        const { extractYoutube } = await import('./extract-youtube.js');
        return extractYoutube(context, recognised.videoId, bases.youtube, url.href);
      }
      case 'notion': {
        const { extractNotion } = await import('./extract-notion.js');
        return extractNotion(context, recognised.pageId, url.href, {
          token: options.notionToken,
          apiBase: bases.notion,
        });
      }
      case 'gdocs': {
        const { extractGoogleDoc } = await import('./extract-gdocs.js');
        return extractGoogleDoc(context, recognised.documentId, bases.gdocs, url.href);
      }
      case 'web': {
        const { extractWebPage } = await import('./extract-web.js');
        return extractWebPage(context, url.href);
      }
    }
  }

  return {
    async ingestUrlToDraft(actor, input, run = {}, now) {
      if (actor.role === 'learner')
        throw new LumenError('mcp.forbidden', 'Only instructors and admins can import material.');
      const url = parseUrl(input.url);
      if (input.courseId !== undefined) await checkCourse(options.db, actor, input.courseId);
      const source = await extract(url, run);
      throwIfCancelled(run.signal);
      if (source.sections.length === 0)
        throw new LumenError('mcp.ingest.empty', `Nothing to import was found at ${url.href}.`);
      report(
        run,
        'extracting',
        1,
        1,
        `extracted ${source.sections.length} sections from "${source.title}"`,
      );
      report(run, 'outlining', 0, 1, 'segmenting the material into lessons');
      const plan = await planIngest(options.gateway, actor, source, run.signal, now);
      report(
        run,
        'outlining',
        1,
        1,
        `planned ${plan.modules.reduce((n, m) => n + m.lessons.length, 0)} lessons`,
      );
      const target =
        input.courseId === undefined
          ? { kind: 'new' as const, title: plan.title, summary: plan.summary, site: source.site }
          : { kind: 'existing' as const, courseId: input.courseId, site: source.site ?? '' };
      const written = await writeDraft(
        options.db,
        actor,
        { target, modules: plan.modules, cards: plan.cards },
        run,
        now,
      ).finally(() => options.onCatalogChange?.());
      return { ...written, source: { kind: source.kind, title: source.title, url: source.url } };
    },
  };
}

function parseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(String(raw ?? '').trim());
  } catch {
    throw new LumenError('mcp.ingest.unsupported_url', 'That is not a valid URL.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new LumenError(
      'mcp.ingest.unsupported_url',
      `Only http and https URLs can be imported, not ${url.protocol}`,
    );
  }
  return url;
}

/** The caller may extend a course they own; an admin any course. Others see no course. */
async function checkCourse(db: Db, actor: Actor, courseId: string): Promise<void> {
  const course = UUID.test(courseId)
    ? await db.prisma.course.findFirst({
        where: { id: courseId, ...(actor.role === 'admin' ? {} : { ownerId: actor.userId }) },
        select: { id: true },
      })
    : null;
  if (!course)
    throw new LumenError(
      'mcp.course.not_found',
      `No course ${courseId} that you can add lessons to.`,
    );
}
