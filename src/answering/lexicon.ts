import nlp from 'compromise/two';

/**
 * What compromise's lexicon knows of single words (offline, maintained; ~25k entries): the tags
 * of a word, the infinitive of an irregular verb form, the country of a demonym. Lookups only,
 * no parsing, so they cost microseconds and can run over a whole corpus's vocabulary.
 */
const lexicon = (nlp.model() as { one: { lexicon: Record<string, string | string[]> } }).one.lexicon;
const verbModel = nlp.model();
const toInfinitive = (nlp.methods() as { two: { transform: { verb: { toInfinitive: (word: string, model: unknown, tense: string) => string } } } }).two.transform.verb.toInfinitive;

/** The lexicon's tags of a lower-case word; empty when it does not know the word. */
export function lexiconTags(word: string): string[] {
  const tags = lexicon[word];
  return tags === undefined ? [] : Array.isArray(tags) ? tags : [tags];
}

/**
 * The infinitive of an irregular past form ("found" → "find", "stolen" → "steal", "took" →
 * "take"), from compromise's lexicon, which tags them; Porter stemming cannot relate these, and
 * regular forms ("lashed") are left to it.
 */
function irregularBase(word: string): string {
  const tense = lexiconTags(word).find((tag) => tag === 'PastTense' || tag === 'Participle');
  return tense ? toInfinitive(word, verbModel, tense) || word : word;
}

/** The length of the common beginning of two words. */
function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/**
 * Demonyms and the country they come from ("ecuadorian" → "ecuador", "russian" → "russia",
 * "kazakh" → "kazakhstan"), paired from compromise's lexicon, which tags both but does not link
 * them: each demonym goes with the country sharing the longest beginning, at least 4 letters.
 */
const DEMONYMS: Map<string, string> = (() => {
  const demonyms: string[] = [];
  const countries: string[] = [];
  for (const word of Object.keys(lexicon)) {
    const tags = lexiconTags(word);
    if (tags.includes('Demonym')) demonyms.push(word);
    if (tags.includes('Country')) countries.push(word);
  }
  const pairs = new Map<string, string>();
  for (const demonym of demonyms) {
    let best = { country: '', shared: 0 };
    for (const country of countries) {
      const shared = commonPrefix(demonym, country);
      if (shared > best.shared) best = { country, shared };
    }
    if (best.shared >= 4) pairs.set(demonym, best.country);
  }
  return pairs;
})();


/** The form a lower-case word is indexed by: a demonym's country, an irregular verb form's infinitive, else the word. */
export function baseForm(word: string): string {
  return DEMONYMS.get(word) ?? irregularBase(word);
}
