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

let skipped: Set<string> | undefined;

/**
 * A lemma's synonyms, by binary search over the generated table's lines (sorted by
 * lemma), so nothing is parsed up front: building a Map of its 11,000 lines cost the
 * first search of a process 70-100 ms; a lookup here is some twenty string comparisons.
 */
export function synonymsOf(word: string): readonly string[] | undefined {
  const text = SYNONYM_LINES;
  let lo = 0; // always the start of a line
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const start = text.lastIndexOf('\n', mid - 1) + 1;
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    const space = text.indexOf(' ', start);
    const lemma = text.slice(start, space);
    if (lemma === word) return text.slice(space + 1, end).split(' ');
    if (lemma < word) lo = end + 1;
    else hi = start;
  }
  return undefined;
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

/**
 * Words to search for besides the query's own, space-separated, for the ranking statement
 * to stem like the query and weigh below its own words:
 * - WordNet synonyms of each content word ("faucet" → "spigot", "icy" → "frigid");
 * - a hyphenated word also as one word ("Wi-Fi" → "wifi", "e-mail" → "email"): the
 *   English parser keeps "wifi" as one lexeme but "Wi-Fi" as "wi-fi" plus its parts.
 *   The other way round ("wifi" → "wi-fi") needs a guess where to split; trying the
 *   first one to five letters cost 12% more CPU on XQuAD and matched nothing on any
 *   benchmark set, so it is not done.
 */
export function expandQuery(query: string): string {
  const words = query.toLowerCase().match(/[a-z]+(?:-[a-z]+)*/g) ?? [];
  const extra = new Set<string>();
  for (const word of words) {
    if (word.includes('-')) extra.add(word.replace(/-/g, ''));
    if (isSkipped(word)) continue;
    for (const form of baseForms(word)) {
      const synonyms = synonymsOf(form);
      if (!synonyms) continue;
      for (const synonym of synonyms) extra.add(synonym);
      break;
    }
  }
  for (const word of words) extra.delete(word);
  return [...extra].join(' ');
}
