/**
 * Article shapes that stalled, crashed or hijacked the bot (issue 18), generated at any size: the
 * same shapes serve the regression tests (small) and `npm run bench` (10 MB each).
 */

/** Sentences with some variety, so that terms and vectors are not all one. */
function sentence(i: number): string {
  const subjects = ['The minister', 'Ecuador', 'The port authority', 'Lenin Moreno', 'The embassy'];
  const verbs = ['said', 'denied', 'announced', 'confirmed', 'questioned'];
  return `${subjects[i % subjects.length]} ${verbs[(i * 7) % verbs.length]} plan number ${i} on Tuesday.`;
}

/** Repeats `piece(i)` with `separator` until the text holds about `chars` characters. */
function fill(chars: number, separator: string, piece: (i: number) => string): string {
  const parts: string[] = [];
  for (let i = 0, length = 0; length < chars; i++) {
    const part = piece(i);
    parts.push(part);
    length += part.length + separator.length;
  }
  return parts.join(separator);
}

/** Each shape's text for about `chars` characters of body. */
export const HOSTILE_SHAPES = {
  /** Row 1: a great many tiny paragraphs (1.3 MB: 130,000). */
  manyParagraphs: (chars: number) => `Many paragraphs\n\n${fill(chars, '\n\n', (i) => `N${i}.`)}\n`,
  /** Paragraphs of one sentence each (10 MB: 200,000, the most an article may have). */
  shortParagraphs: (chars: number) => `Short paragraphs\n\n${fill(chars, '\n\n', (i) => `${sentence(i)} Yes.`)}\n`,
  /** Row 2: one paragraph of sentences on single-newline lines. */
  oneParagraphOfLines: (chars: number) => `One paragraph of lines\n\n${fill(chars, '\n', sentence)}\n`,
  /** Row 3: a body that is one line of sentences (a fifth of them about the port authority). */
  oneLine: (chars: number) => `One long line\n\n${fill(chars, ' ', sentence)}\n`,
  /** Row 7: "U.S. " over and over: one paragraph of tiny sentences. */
  abbreviations: (chars: number) => `Abbreviations\n\n${'U.S. '.repeat(Math.ceil(chars / 5))}\n\nLenin Moreno leads Ecuador as its president.\n`,
  /** A paragraph with no sentence punctuation at all. */
  noPunctuation: (chars: number) => `No punctuation\n\n${fill(chars, ' ', (i) => `word${i % 97}`)}\n`,
  /** Row 8: lone carriage returns as line endings. */
  carriageReturns: (chars: number) => `Carriage returns\r\r${fill(chars, '\r\r', sentence)}\r> not a quote\r`,
} as const;

export type HostileShape = keyof typeof HOSTILE_SHAPES;

/** Row 4: masked links in article text. */
export const MASKED_LINK_ARTICLE = `Budget news

The ministry published [the annual budget report. Read the full budget text here](http://evil.example/phish) on Tuesday.

Ships wait at [the port](http://evil.example/port) of Guayaquil.
`;

/** Row 11: a name of 173 characters, longer than an autocomplete value may be. */
export const LONG_NAME = 'Maria Fernanda Espinosa Garces Alvarado Mendoza Villavicencio Cordero Benitez Arboleda Castellanos Echeverria Montalvo Saldarriaga Velasquez Zambrano Quintana Larrea Moncayo';

export const LONG_NAME_ARTICLE = `Names

On Tuesday ${LONG_NAME} spoke in Quito.

Later ${LONG_NAME} left the embassy.
`;
