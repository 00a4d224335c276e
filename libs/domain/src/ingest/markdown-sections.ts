/**
 * A markdown document cut where its author cut it: at the shallowest heading level that
 * occurs at least twice. Text before the first such heading becomes an introduction.
 */
import type { SourceSection } from './source.js';

const MAX_SECTIONS = 40;

interface Heading {
  readonly line: number;
  readonly level: number;
  readonly text: string;
}

function headingsOf(lines: readonly string[]): Heading[] {
  const found: Heading[] = [];
  let fenced = false;
  lines.forEach((line, index) => {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const match = fenced ? null : /^(#{1,6})\s+(.+?)\s*#*\s*$/.exec(line);
    if (match?.[1] && match[2])
      found.push({ line: index, level: match[1].length, text: match[2].trim() });
  });
  return found;
}

function splitLevel(headings: readonly Heading[]): number | undefined {
  for (let level = 1; level <= 6; level += 1) {
    if (headings.filter((heading) => heading.level === level).length >= 2) return level;
  }
  return undefined;
}

export function markdownSections(markdown: string, fallbackTitle: string): SourceSection[] {
  const lines = markdown.split('\n');
  const headings = headingsOf(lines);
  const level = splitLevel(headings);
  const cuts = level === undefined ? [] : headings.filter((heading) => heading.level === level);
  const sections: SourceSection[] = [];
  const firstCut = cuts[0]?.line ?? lines.length;
  const intro = lines.slice(0, firstCut).join('\n').trim();
  if (intro)
    sections.push({ title: cuts.length ? 'Introduction' : fallbackTitle, markdown: intro });
  cuts.forEach((cut, index) => {
    const end = cuts[index + 1]?.line ?? lines.length;
    const body = lines
      .slice(cut.line + 1, end)
      .join('\n')
      .trim();
    if (body)
      sections.push({
        title: cut.text.replace(/[*_`]/g, ''),
        markdown: `## ${cut.text}\n\n${body}`,
      });
  });
  return capSections(sections);
}

/** Very long documents: the tail beyond the cap is folded into the last section. */
function capSections(sections: SourceSection[]): SourceSection[] {
  if (sections.length <= MAX_SECTIONS) return sections;
  const kept = sections.slice(0, MAX_SECTIONS - 1);
  const rest = sections.slice(MAX_SECTIONS - 1);
  kept.push({
    title: rest[0]?.title ?? 'More',
    markdown: rest.map((section) => section.markdown).join('\n\n'),
  });
  return kept;
}
