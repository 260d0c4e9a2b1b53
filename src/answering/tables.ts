import type { Article } from '../corpus/articles.ts';
import type { SentenceTable } from '../corpus/sentences.ts';
import type { Tables } from '../index/tables.ts';
import { aliasTable, commonAcronyms, textAcronyms } from './analysis/aliases.ts';
import { EntityTableBuilder } from './analysis/entities.ts';
import { Analyzer } from './analysis/text.ts';
import { LexicalIndexBuilder } from './lexical/bm25-builder.ts';
import { TermIndex } from './lexical/lookup.ts';

/** Bump when answeringTables gives other tables (or other terms): indexes with another version are rebuilt. */
export const ANSWERING_TABLES_VERSION = 'answering-4';

/**
 * What answering derives from the articles, stored with the index so that start-up reads it: the
 * lexical index, the entity words, the lookup terms, and the analyzer's base forms and acronyms
 * (WordNet's, and those the articles define or imply).
 */
export function answeringTables(articles: Article[], sentences: SentenceTable): Tables {
  const plain = Analyzer.fromLexicon();
  const pairs = [...commonAcronyms(), ...articles.flatMap((article) => textAcronyms(article.text))];
  const analyzer = plain.withAliases(aliasTable(pairs, (word) => plain.termOf(word), (text) => plain.termsOf(text)));
  const lexical = new LexicalIndexBuilder();
  const entities = new EntityTableBuilder((term) => lexical.termId(term));
  for (let s = 0; s < sentences.length; s++) {
    const tokens = analyzer.analyze(sentences.text(articles, s));
    lexical.add(tokens);
    entities.add(tokens);
  }
  return { ...analyzer.toTables(), ...lexical.finish().toTables(), ...entities.finish().toTables(), ...TermIndex.build(articles, sentences).toTables() };
}
