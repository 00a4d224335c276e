import { GENERIC_WORDS } from './generic-words.js';
import { SYNONYM_LINES } from './synonyms.generated.js';

/**
 * Words never expanded: PostgreSQL's English stop list drops them from the query anyway,
 * and WordNet gives several of them senses no learner means ("can" → "tin", "do" →
 * "bash", "will" → "testament"). Together with GENERIC_WORDS.
 */
const STOP_WORDS =
  'a about above after again against all am an and any are as at be because been before ' +
  'being below between both but by can did do does doing down during each few for from ' +
  'further had has have having he her here hers herself him himself his how i if in into ' +
  'is it its itself just me more most my myself no nor not now of off on once only or ' +
  'other our ours ourselves out over own same she should so some such than that the ' +
  'their theirs them themselves then there these they this those through to too under ' +
  'until up very was we were what when where which while who whom why will with would ' +
  'you your yours yourself yourselves';

let table: Map<string, readonly string[]> | undefined;
let skipped: Set<string> | undefined;

/** The generated WordNet table, parsed on first use (some 11,000 lemmas). */
function synonymTable(): Map<string, readonly string[]> {
  if (!table) {
    table = new Map();
    for (const line of SYNONYM_LINES.split('\n')) {
      const [lemma, ...synonyms] = line.split(' ');
      if (lemma) table.set(lemma, synonyms);
    }
  }
  return table;
}

function isSkipped(word: string): boolean {
  skipped ??= new Set(`${STOP_WORDS} ${GENERIC_WORDS}`.split(' '));
  return skipped.has(word);
}

/**
 * Base forms a word may come from, the word itself first: WordNet's own detachment rules
 * for regular plurals, verb endings and comparatives (WordNet's morphy), without its
 * exception lists. A candidate only counts if the table holds it.
 */
function baseForms(word: string): string[] {
  const forms = [word];
  const strip = (suffix: string, add = '') => {
    if (word.length > suffix.length + 2 && word.endsWith(suffix))
      forms.push(word.slice(0, -suffix.length) + add);
  };
  strip('ies', 'y');
  strip('es');
  strip('s');
  strip('ing');
  strip('ing', 'e');
  strip('ed');
  strip('ed', 'e');
  strip('er');
  strip('est');
  // A doubled final consonant before -ing/-ed ("stopping", "planned").
  const doubled = /([b-df-hj-np-tv-z])\1(?:ing|ed)$/.exec(word);
  if (doubled) forms.push(word.slice(0, doubled.index + 1));
  return forms;
}

/** What a query may also match, weighed below its own words by the ranking statement. */
export interface QueryExpansion {
  /** Space-separated words, stemmed like the query: synonyms, and hyphenated words joined. */
  readonly words: string;
  /**
   * Space-separated hyphenated spellings of the query's one-word terms ("wifi" → "wi-fi",
   * "email" → "e-mail"); only the whole hyphenated lexeme of each counts, never its parts.
   */
  readonly compounds: string;
}

/** Longest first part tried when splitting a word into a hyphenated compound ("self-", "anti-"). */
const MAX_PREFIX = 5;

/**
 * Words to search for besides the query's own:
 * - WordNet synonyms of each content word ("faucet" → "spigot", "icy" → "frigid");
 * - a hyphenated word also as one word ("Wi-Fi" → "wifi", "e-mail" → "email"), and a
 *   one-word term also hyphenated after its first one to five letters, since the English
 *   parser keeps "wifi" as one lexeme but "Wi-Fi" as "wi-fi" plus its parts.
 */
export function expandQuery(query: string): QueryExpansion {
  const words = query.toLowerCase().match(/[a-z]+(?:-[a-z]+)*/g) ?? [];
  const synonyms = synonymTable();
  const extra = new Set<string>();
  const compounds: string[] = [];
  for (const word of words) {
    if (word.includes('-')) extra.add(word.replace(/-/g, ''));
    if (isSkipped(word)) continue;
    if (!word.includes('-'))
      for (let i = 1; i <= MAX_PREFIX && word.length - i >= 2; i += 1)
        compounds.push(`${word.slice(0, i)}-${word.slice(i)}`);
    const base = baseForms(word).find((form) => synonyms.has(form));
    for (const synonym of (base && synonyms.get(base)) ?? []) extra.add(synonym);
  }
  for (const word of words) extra.delete(word);
  return { words: [...extra].join(' '), compounds: compounds.join(' ') };
}
