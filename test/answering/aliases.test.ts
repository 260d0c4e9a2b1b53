import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { acronymsFromWordNet } from '../../scripts/build-lexicon.ts';
import { ACRONYMS_FILE, aliasTable, commonAcronyms, initialsOf, textAcronyms } from '../../src/answering/analysis/aliases.ts';
import { Analyzer } from '../../src/answering/analysis/text.ts';

const plain = Analyzer.fromLexicon();
const analyzerWith = (pairs: [string, string][]) => plain.withAliases(aliasTable(pairs, (word) => plain.termOf(word), (text) => plain.termsOf(text)));

describe('acronyms', () => {
  it('ships the acronyms npm run build-lexicon derives from WordNet', () => {
    expect(JSON.parse(readFileSync(ACRONYMS_FILE, 'utf8')).acronyms).toEqual(acronymsFromWordNet());
  });

  it.each([
    ['coo', 'chief operating officer'],
    ['ceo', 'chief executive officer'],
    ['gop', 'Republican Party'],
    ['un', 'United Nations'],
    ['eu', 'European Union'],
  ])('knows %s from WordNet', (acronym, phrase) => {
    expect(commonAcronyms()).toContainEqual([acronym, phrase]);
  });

  it.each([
    ['Olympia', 'the Volatiles Investigating Polar Exploration Rover (VIPER) will land', ['viper', 'Volatiles Investigating Polar Exploration Rover']],
    ['a company', 'Sierra Nevada Corporation (SNC) won', ['snc', 'Sierra Nevada Corporation']],
    ['a plural', 'receptors called G protein-coupled receptors (GPCRs) that', ['gpcr', 'G protein coupled receptors']],
    ['a long name', 'the Indiana State Teachers Association said', ['ista', 'Indiana State Teachers Association']],
    ['a compound', 'the direct-to-consumer unit', ['dtc', 'direct-to-consumer']],
  ])('finds what a text defines or implies: %s', (_case, text, pair) => {
    expect(textAcronyms(text)).toContainEqual(pair);
  });

  it.each([
    ['a parenthesis that is no definition', 'the rover (which landed) was fine'],
    ['a two-word name', 'Kevin Mayer said'],
  ])('finds nothing in %s', (_case, text) => {
    expect(textAcronyms(text)).toEqual([]);
  });

  it('skips function words in initials', () => {
    expect(initialsOf(['Centers', 'for', 'Disease', 'Control'])).toBe('cdc');
  });

  it('reads an acronym wherever its phrase stands, and the phrase’s shortest spelling beginning too', () => {
    const analyzer = analyzerWith([['coo', 'chief operating officer'], ['cdc', 'Centers for Disease Control and Prevention']]);
    expect(analyzer.termsOf('Gwynne Shotwell, president and chief operating officer')).toContain('coo');
    expect(analyzer.termsOf('the Centers for Disease Control said')).toContain('cdc');
    expect(analyzer.termsOf('the chief officer')).not.toContain('coo');
  });

  it('reads PG&E as one word, as people type it', () => {
    expect(plain.termsOf('PG&E cut power')).toEqual(plain.termsOf('pge cut power'));
  });
});
