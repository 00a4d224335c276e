/**
 * YouTube timed-text (caption) tracks. Two wire formats are read: json3
 * (`{ events: [{ tStartMs, dDurationMs, segs: [{ utf8 }] }] }`) and the XML forms
 * (`<transcript><text start dur>` in seconds, srv3 `<timedtext><body><p t d>` in ms).
 */
import { parseHTML } from 'linkedom';

export interface Cue {
  /** Start, in seconds. */
  readonly start: number;
  readonly text: string;
}

interface Json3 {
  events?: Array<{ tStartMs?: number; segs?: Array<{ utf8?: string }> }>;
}

export function parseTimedText(body: string): Cue[] {
  const trimmed = body.trimStart();
  const cues = trimmed.startsWith('{') ? fromJson3(JSON.parse(trimmed) as Json3) : fromXml(trimmed);
  return cues.filter((cue) => cue.text.length > 0).sort((a, b) => a.start - b.start);
}

function fromJson3(data: Json3): Cue[] {
  return (data.events ?? []).map((event) => ({
    start: (event.tStartMs ?? 0) / 1000,
    text: clean(decodeEntities((event.segs ?? []).map((seg) => seg.utf8 ?? '').join(''))),
  }));
}

function fromXml(xml: string): Cue[] {
  // linkedom's HTML parser decodes entities for us; caption text is often escaped twice.
  const { document } = parseHTML(`<html><body>${xml.replace(/<\?xml[^>]*\?>/, '')}</body></html>`);
  const cues: Cue[] = [];
  for (const node of document.querySelectorAll('text[start], p[t]')) {
    const start = node.hasAttribute('start')
      ? Number(node.getAttribute('start'))
      : Number(node.getAttribute('t')) / 1000;
    cues.push({
      start: Number.isFinite(start) ? start : 0,
      text: clean(decodeEntities(node.textContent ?? '')),
    });
  }
  return cues;
}

function decodeEntities(text: string): string {
  if (!/&[#\w]+;/.test(text)) return text;
  const { document } = parseHTML(`<html><body><p>${text.replace(/</g, '&lt;')}</p></body></html>`);
  return document.querySelector('p')?.textContent ?? text;
}

const clean = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** 75 → "1:15", 3725 → "1:02:05". */
export function clock(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = String(whole % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
