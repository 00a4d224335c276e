/**
 * The wire format of retrieved sources inside a prompt. The tutor writes it; the
 * offline provider reads it back, so the tutor's code path is the same for every
 * provider. XML-style tags are what Anthropic's prompting guide recommends for
 * documents, and OpenAI models follow them just as well.
 */
export interface NumberedSource {
  readonly n: number;
  readonly lessonTitle: string;
  readonly headingPath: readonly string[];
  readonly text: string;
}

export interface ParsedPrompt {
  readonly sources: NumberedSource[];
  readonly question: string | undefined;
}

const HEADING_SEPARATOR = ' > ';

export function formatSourcesPrompt(sources: readonly NumberedSource[], question: string): string {
  const blocks = sources.map((source) => {
    const heading = source.headingPath.map(escapeAttr).join(HEADING_SEPARATOR);
    return `<source n="${source.n}" lesson="${escapeAttr(source.lessonTitle)}" heading="${heading}">\n${guardBody(source.text)}\n</source>`;
  });
  return `<sources>\n${blocks.join('\n')}\n</sources>\n\n<question>\n${guardBody(question)}\n</question>`;
}

const SOURCE_RE = /<source n="(\d+)" lesson="([^"]*)" heading="([^"]*)">\n([\s\S]*?)\n<\/source>/g;
const QUESTION_RE = /<question>\n([\s\S]*?)\n<\/question>/;

export function parseSourcesPrompt(prompt: string): ParsedPrompt {
  const sources: NumberedSource[] = [];
  for (const match of prompt.matchAll(SOURCE_RE)) {
    const [, n, lesson, heading, body] = match;
    sources.push({
      n: Number(n),
      lessonTitle: unescapeAttr(lesson ?? ''),
      headingPath: heading ? heading.split(HEADING_SEPARATOR).map(unescapeAttr) : [],
      text: unguardBody(body ?? ''),
    });
  }
  const question = QUESTION_RE.exec(prompt)?.[1];
  return { sources, question: question === undefined ? undefined : unguardBody(question) };
}

function escapeAttr(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

function unescapeAttr(value: string): string {
  return value
    .replace(/&gt;/g, '>')
    .replace(/&lt;/g, '<')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

// Lesson text is untrusted: a chunk containing "</source>" must not end its block early
// (or smuggle in a fake source). Only our own closing tags are altered; code samples
// with generics or HTML stay readable.
function guardBody(text: string): string {
  return text.replace(/<\/(sources?|question)>/gi, '<\\/$1>');
}

function unguardBody(text: string): string {
  return text.replace(/<\\\/(sources?|question)>/gi, '</$1>');
}
