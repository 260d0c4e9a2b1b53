import { describe, expect, it } from 'vitest';
import { articleProbabilities, FEATURE_NAMES, fitBoilerplateModel, paragraphFeatures, withoutBoilerplate, type TrainingExample } from '../../src/sources/boilerplate.ts';
import { BOILERPLATE_MODEL } from '../../src/sources/boilerplate-model.ts';
import { foldOf, labelParagraphs, modelSource } from '../../src/sources/benchmark.ts';
import type { WalkedParagraph } from '../../src/sources/paragraphs.ts';

const paragraph = (text: string, options: Partial<WalkedParagraph> = {}): WalkedParagraph => ({
  text, role: 'body', linkChars: 0, negativeClass: false, positiveClass: false, inTable: false, ...options,
});
const feature = (row: number[], name: string) => row[FEATURE_NAMES.indexOf(name)];
const PROSE = 'The council voted on Monday to rebuild the old bridge over the river, after years of debate.';

describe('paragraphFeatures', () => {
  const rows = paragraphFeatures([
    paragraph('Advert'),
    paragraph(PROSE),
    paragraph('Read more stories', { linkChars: 'Read more stories'.length }),
    paragraph('Advert'),
    paragraph('https://example.com/story', { role: 'list' }),
    paragraph('Follow @reporter or write to news@example.com'),
    paragraph('© 2019 The Paper. All rights reserved.'),
  ]);

  it.each([
    [0, 'sentence end', 0],
    [1, 'sentence end', 1],
    [1, 'previous sentence end', 0],
    [2, 'link density', 1],
    [0, 'near start', 1],
    [6, 'near end', 1],
    [3, 'near end', 0.25],
    [0, 'repeated', 1],
    [1, 'repeated', 0],
    [4, 'bare URL', 1],
    [4, 'role list', 1],
    [0, 'log chars previous', 0],
    [5, 'handle or address', 1],
    [1, 'handle or address', 0],
    [6, 'copyright sign', 1],
    [1, 'copyright sign', 0],
    [1, 'upper-case share', 2 / PROSE.match(/\p{L}/gu)!.length],
  ])('paragraph %i: %s = %d', (index, name, value) => {
    expect(feature(rows[index]!, name)).toBeCloseTo(value, 10);
  });

  it('gives one value per feature name', () => {
    for (const row of rows) expect(row).toHaveLength(FEATURE_NAMES.length);
  });
});

/** Prose is article text, short link-only lines are not: a pattern the model must learn. */
function syntheticExamples(): TrainingExample[] {
  const pages = Array.from({ length: 30 }, (_, page) => [
    paragraph(`Share this story ${page}`, { linkChars: 15 }),
    paragraph(`${PROSE} Page ${page}.`),
    paragraph(`${PROSE} Again on page ${page}.`),
    paragraph(`More from us ${page}`, { linkChars: 12 }),
  ]);
  return pages.flatMap((paragraphs) => {
    const features = paragraphFeatures(paragraphs);
    return paragraphs.map((p, i) => ({ features: features[i]!, label: p.linkChars > 0 ? 0 : 1, weight: 1 / paragraphs.length, filterable: true }) as TrainingExample);
  });
}

describe('fitBoilerplateModel', () => {
  it('learns to tell prose from link lines, the same way every time', () => {
    const examples = syntheticExamples();
    const model = fitBoilerplateModel(examples);
    expect(fitBoilerplateModel(examples)).toEqual(model);
    const probabilities = articleProbabilities(model, examples.map((example) => example.features));
    examples.forEach((example, i) => expect(probabilities[i]! >= 0.5 ? 1 : 0).toBe(example.label));
  });

  it('trains only on what the filter may drop', () => {
    const examples = syntheticExamples();
    const flipped = examples.map((example) => ({ ...example, label: (1 - example.label) as 0 | 1, filterable: false }));
    expect(fitBoilerplateModel([...examples, ...flipped])).toEqual(fitBoilerplateModel(examples));
  });
});

describe('withoutBoilerplate', () => {
  const model = fitBoilerplateModel(syntheticExamples());

  it('drops link lines and keeps prose', () => {
    const kept = withoutBoilerplate(model, [paragraph('Share this story 1', { linkChars: 15 }), paragraph(PROSE), paragraph(`${PROSE} Too.`)]);
    expect(kept.map((p) => p.text)).toEqual([PROSE, `${PROSE} Too.`]);
  });

  it.each<[string, Partial<WalkedParagraph>]>([
    ['a caption', { role: 'caption' }],
    ['a standfirst', { role: 'subtitle' }],
    ['a byline', { role: 'byline' }],
    ['a quote', { role: 'quote' }],
    ['a table row', { inTable: true }],
  ])('never drops %s', (_name, options) => {
    const kept = withoutBoilerplate(model, [paragraph('Share this story 1', { linkChars: 15, ...options }), paragraph(PROSE)]);
    expect(kept).toHaveLength(2);
  });

  it('never drops every paragraph', () => {
    const lines = [paragraph('Share this story 1', { linkChars: 15 }), paragraph('More from us 2', { linkChars: 12 })];
    expect(withoutBoilerplate(model, lines)).toEqual(lines);
  });

  it('refuses a model fitted on other features', () => {
    expect(() => withoutBoilerplate({ ...model, features: ['something else'] }, [paragraph(PROSE)])).toThrow(/refit/);
  });

  it('ships a model fitted on the current features', () => {
    expect(BOILERPLATE_MODEL.features).toEqual(FEATURE_NAMES);
    for (const values of [BOILERPLATE_MODEL.means, BOILERPLATE_MODEL.scales, BOILERPLATE_MODEL.weights]) expect(values).toHaveLength(FEATURE_NAMES.length);
  });
});

describe('labelParagraphs', () => {
  const truth = `${PROSE}\nThe bridge opens next spring.\nYes.`;
  it.each<[string, WalkedParagraph, 0 | 1]>([
    ['a paragraph of the truth', paragraph(PROSE), 1],
    ['a short one, its tokens in a row in the truth', paragraph('opens next spring'), 1],
    ['a one-word paragraph of the truth', paragraph('Yes!'), 1],
    ['a short one not in the truth', paragraph('Advertisement'), 0],
    ['text not in the truth', paragraph('Sign up for our newsletter to get stories like this one.'), 0],
    ['tokens of the truth out of order', paragraph('spring next opens bridge The'), 0],
  ])('%s → %i', (_name, input, label) => {
    expect(labelParagraphs(truth, [input])[0]!.label).toBe(label);
  });

  it('weighs each paragraph by its share of the page, and marks what the filter may drop', () => {
    const examples = labelParagraphs(truth, [paragraph('one two three'), paragraph('four'), paragraph('caption words', { role: 'caption' })]);
    expect(examples.map((example) => example.weight)).toEqual([3 / 6, 1 / 6, 2 / 6]);
    expect(examples.map((example) => example.filterable)).toEqual([true, true, false]);
  });
});

describe('benchmark helpers', () => {
  it('spreads pages over folds evenly', () => {
    const sizes = new Array(5).fill(0);
    for (let i = 0; i < 181; i++) sizes[foldOf(i, 5)]++;
    expect(sizes).toEqual([37, 36, 36, 36, 36]);
  });

  it('writes the model as source with every number', () => {
    const model = fitBoilerplateModel(syntheticExamples());
    const source = modelSource(model, 'on test data');
    expect(source).toContain('export const BOILERPLATE_MODEL: BoilerplateModel');
    expect(source).toContain(JSON.stringify(FEATURE_NAMES));
    expect(source).toContain(`bias: ${Number(model.bias.toPrecision(6))}`);
  });
});

