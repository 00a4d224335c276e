/**
 * Words that are not on PostgreSQL's English stop list but say about a topic:
 * the verbs, quantifiers and judgements learners wrap a question in ("how many", "what
 * kind of", "is it worth", "the best way to"), and the prepositions and conjunctions
 * the stop list leaves in ("without", "inside", "beyond": a lesson titled "Life Without
 * Oxygen" is not the topic of "Can I travel without a passport?"). A course's own statistics cannot tell
 * them apart from real terms: in a course of twenty passages, "lot" or "many" can be
 * as rare as "derailleur" and so win an IDF it does not deserve. In the evidence a
 * ranked chunk carries (QueryEvidence) their IDF is scaled down, not dropped. Ranking
 * itself keeps their full IDF: scaling it there lowered recall on XQuAD and on
 * bench/paraphrase.ts's tuning set.
 */
export const GENERIC_WORDS = [
  'able about actually again ago almost already also always another any anything around',
  'bad basic best better bit called can cause causes caused come comes coming could different do',
  'does doing done each easy else enough even ever every example exactly fact few find',
  'first get gets getting give given go goes going good got great happen happens hard',
  'help important just keep kind know known last least less let like',
  'long look lot lots made main make makes making many may mean means might more most',
  'much must name named need needs never next often one other part',
  'people possible pretty quite rather really right same say says see seem should',
  'show simple so some something sometimes sort still sure take tell than thing',
  'things think try type types usually use used uses using very want',
  'way ways well whether worth wrong',
  'across along although among anyway behind beneath beside besides beyond despite',
  'except however inside instead maybe near nearly onto otherwise outside perhaps per',
  'since though throughout till toward towards underneath unless upon via whatever',
  'whenever wherever whichever within without yet',
].join(' ');

/** How much of its IDF a generic word keeps. */
export const GENERIC_WEIGHT = 0.25;
