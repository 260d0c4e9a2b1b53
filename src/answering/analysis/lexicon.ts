import { createRequire } from 'node:module';

/**
 * What compromise's lexicon knows of single words (offline, maintained; ~25k entries): the tags
 * of a word, the infinitive of an irregular verb form, the country of a demonym. Lookups only,
 * no parsing. compromise takes ~300 ms to load, so it is loaded on first use (ingest, lookup
 * terms); answering reads the two small maps it needs (base forms) from the index instead.
 */
interface Compromise {
  model(): { one: { lexicon: Record<string, string | string[]> } };
  methods(): { two: { transform: { verb: { toInfinitive: (word: string, model: unknown, tense: string) => string } } } };
}

let library: { lexicon: Record<string, string | string[]>; toInfinitive: (word: string, tense: string) => string } | undefined;

function compromise() {
  if (!library) {
    // The CommonJS build, so that it can load synchronously, when first needed.
    const nlp = createRequire(import.meta.url)('compromise/two') as Compromise;
    const model = nlp.model();
    library = { lexicon: model.one.lexicon, toInfinitive: (word, tense) => nlp.methods().two.transform.verb.toInfinitive(word, model, tense) };
  }
  return library;
}

/** The lexicon's tags of a lower-case word; empty when it does not know the word. */
export function lexiconTags(word: string): string[] {
  const tags = compromise().lexicon[word];
  return tags === undefined ? [] : Array.isArray(tags) ? tags : [tags];
}

/** The length of the common beginning of two words. */
function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/**
 * Base forms: the infinitive of every irregular past form the lexicon tags ("found" → "find",
 * "stolen" → "steal", "took" → "take"; Porter stemming cannot relate these, and regular forms
 * like "lashed" are left to it), and the country of every demonym ("ecuadorian" → "ecuador",
 * "kazakh" → "kazakhstan"), paired with the country sharing the longest beginning, at least 4 letters.
 * Derived at ingest and stored with the index (see Analyzer), so that answering never loads compromise.
 */
export function lexiconBaseForms(): Map<string, string> {
  const { lexicon, toInfinitive } = compromise();
  const forms = new Map<string, string>();
  const demonyms: string[] = [];
  const countries: string[] = [];
  for (const word of Object.keys(lexicon)) {
    const tags = lexiconTags(word);
    const tense = tags.find((tag) => tag === 'PastTense' || tag === 'Participle');
    if (tense) {
      const base = toInfinitive(word, tense);
      if (base && base !== word) forms.set(word, base);
    }
    if (tags.includes('Demonym')) demonyms.push(word);
    if (tags.includes('Country')) countries.push(word);
  }
  for (const demonym of demonyms) {
    let best = { country: '', shared: 0 };
    for (const country of countries) {
      const shared = commonPrefix(demonym, country);
      if (shared > best.shared) best = { country, shared };
    }
    if (best.shared >= 4) forms.set(demonym, best.country);
  }
  return forms;
}
