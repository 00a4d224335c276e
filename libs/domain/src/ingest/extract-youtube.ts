/**
 * YouTube video → timed transcript lessons: one lesson per chapter when the description
 * has chapters, else one per fixed five-minute span.
 */
import { LumenError } from '../errors.js';
import type { ExtractContext } from './extract-context.js';
import { HTML_TYPES } from './extract-context.js';
import type { ExtractedSource, SourceSection } from './source.js';
import type { Cue } from './timed-text.js';
import { clock, parseTimedText } from './timed-text.js';
import type { Chapter } from './youtube-page.js';
import { chaptersFrom, chooseTrack, readPlayerResponse } from './youtube-page.js';

const SPAN_SECONDS = 300;
const PARAGRAPH_SECONDS = 60;
const CAPTION_TYPES = ['application/json', 'text/xml', 'application/xml', 'text/plain'];

export async function extractYoutube(
  context: ExtractContext,
  videoId: string,
  youtubeBase: string,
  url: string,
): Promise<ExtractedSource> {
  const page = await context.fetchDocument(
    `${youtubeBase}/watch?v=${encodeURIComponent(videoId)}`,
    HTML_TYPES,
  );
  const player = readPlayerResponse(page.body);
  if (!player)
    throw new LumenError(
      'mcp.ingest.unsupported_content',
      'the YouTube page carries no player data to read',
    );
  const track = chooseTrack(player.tracks);
  if (!track)
    throw new LumenError(
      'mcp.ingest.empty',
      'this video has no caption track, so there is no transcript to import',
    );
  const captionUrl = new URL(track.baseUrl, page.url);
  if (!captionUrl.searchParams.has('fmt')) captionUrl.searchParams.set('fmt', 'json3');
  const captions = await context.fetchDocument(captionUrl.href, CAPTION_TYPES);
  let cues: Cue[];
  try {
    cues = parseTimedText(captions.body);
  } catch (error) {
    throw new LumenError('mcp.ingest.unsupported_content', 'the caption track could not be read', {
      cause: error,
    });
  }
  if (cues.length === 0) throw new LumenError('mcp.ingest.empty', 'the caption track is empty');
  const title = player.title || `YouTube video ${videoId}`;
  const end = Math.max(player.lengthSeconds, (cues[cues.length - 1]?.start ?? 0) + 1);
  const chapters = chaptersFrom(player.description);
  const spans = chapters.length ? chapters : fixedSpans(end);
  return { kind: 'youtube', title, url, sections: sectionsFor(spans, cues, end) };
}

function fixedSpans(end: number): Chapter[] {
  const spans: Chapter[] = [];
  for (let start = 0; start < end; start += SPAN_SECONDS) {
    spans.push({
      start,
      title: `Part ${spans.length + 1} (${clock(start)}–${clock(Math.min(end, start + SPAN_SECONDS))})`,
    });
  }
  return spans;
}

function sectionsFor(
  spans: readonly Chapter[],
  cues: readonly Cue[],
  end: number,
): SourceSection[] {
  const sections: SourceSection[] = [];
  spans.forEach((span, index) => {
    const stop = spans[index + 1]?.start ?? Number.POSITIVE_INFINITY;
    const inside = cues.filter((cue) => cue.start >= span.start && cue.start < stop);
    if (inside.length === 0) return;
    const minutes = Math.max(1, Math.ceil((Math.min(stop, end) - span.start) / 60));
    sections.push({
      title: span.title,
      markdown: `## ${span.title}\n\n${paragraphs(inside)}`,
      minutes,
    });
  });
  return sections;
}

/** Cues joined into paragraphs of about a minute, each led by its timestamp. */
function paragraphs(cues: readonly Cue[]): string {
  const out: string[] = [];
  let current: Cue[] = [];
  const flush = (): void => {
    if (current[0])
      out.push(`**[${clock(current[0].start)}]** ${current.map((cue) => cue.text).join(' ')}`);
    current = [];
  };
  for (const cue of cues) {
    if (current[0] && cue.start - current[0].start >= PARAGRAPH_SECONDS) flush();
    current.push(cue);
  }
  flush();
  return out.join('\n\n');
}
