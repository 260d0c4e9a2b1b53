import { ENTITY } from './entities.ts';
import { words } from './text.ts';

/** What a question asks for, when its words say: the entity bits an answering sentence should hold. */
export type AnswerType = 'person' | 'date' | 'place' | 'number' | 'duration' | 'reason';

/** The answer types that name things (a reason is said in words, not named: see the reason feature). */
export type NamedAnswerType = Exclude<AnswerType, 'reason'>;

/** Questions about the article's furniture rather than its story. */
export type MetaKind = 'headline' | 'subtitle' | 'caption' | 'credit' | 'photo';

export interface QuestionShape {
  answerType: AnswerType | null;
  meta: MetaKind | null;
  /** For "what is X", "who is X", "what does X stand for": the words of X, lower case; else null. */
  defining: string[] | null;
}

/**
 * The entity bits that satisfy each answer type ("who" is answered by a person, an organisation
 * or a name), and those that disqualify a word ("how many" is not answered by a year).
 */
export const ANSWER_TYPE_BITS: Record<NamedAnswerType, { wanted: number; excluded: number }> = {
  person: { wanted: ENTITY.person | ENTITY.organization | ENTITY.properNoun, excluded: 0 },
  date: { wanted: ENTITY.date, excluded: 0 },
  place: { wanted: ENTITY.place, excluded: 0 },
  number: { wanted: ENTITY.number, excluded: ENTITY.date },
  duration: { wanted: ENTITY.date | ENTITY.number, excluded: 0 },
};

const META_WORDS: [MetaKind, Set<string>][] = [
  ['subtitle', new Set(['subtitle', 'subheading', 'subhead', 'standfirst', 'tagline', 'dek', 'subheadline'])],
  ['headline', new Set(['headline', 'title', 'heading', 'header', 'headlines'])],
  ['photo', new Set(['photo', 'photos', 'pic', 'pics', 'picture', 'pictures', 'image', 'caption', 'credit', 'credits', 'cred', 'photographer', 'foto', 'img'])],
];

/** Words that narrow a photo question to its credit ("who took the pic", "photo cred") or its caption ("pic caption"). */
const CREDIT_WORDS = new Set(['credit', 'credits', 'cred', 'photographer', 'took', 'taken', 'shot']);
const CAPTION_WORDS = new Set(['caption', 'captions']);

/** Nouns after "which"/"what" that name the kind of answer ("which city", "what year"). */
const KIND_NOUNS: [AnswerType, Set<string>][] = [
  ['date', new Set(['year', 'years', 'date', 'day', 'month', 'time', 'decade', 'week'])],
  ['place', new Set(['city', 'country', 'place', 'town', 'state', 'region', 'continent', 'location', 'nation', 'capital'])],
  ['person', new Set(['person', 'guy', 'man', 'woman', 'people', 'president', 'official', 'leader', 'lawyer', 'advisor', 'group', 'organization', 'agency', 'ministry', 'outlet', 'party'])],
  ['number', new Set(['number', 'amount', 'many', 'much', 'percentage', 'percent', 'proportion', 'share', 'fraction', 'rate', 'price', 'cost', 'score', 'size', 'distance', 'temperature', 'speed', 'age', 'salary', 'population', 'total'])],
];

/** Words after "how" that ask for a measure ("how big", "how far", "how likely"): a number answers them. */
const MEASURES = ['many', 'much', 'old', 'often', 'big', 'large', 'small', 'tall', 'high', 'deep', 'wide', 'far', 'fast', 'heavy', 'hot', 'cold', 'expensive', 'cheap', 'likely', 'efficient'];

/**
 * The shape of a question from its words: what kind of answer it wants (who → a person or
 * organisation, when / what year → a date, where / which city → a place, how many / big / far /
 * likely → a number, how long / soon → a duration or measure, why → a reason), and whether it
 * asks about the headline, subtitle or photo. Casual spellings count ("whos", "wen", "wat year").
 */
export function questionShape(question: string): QuestionShape {
  const all = words(question);
  const has = (word: string) => all.includes(word);
  let meta = META_WORDS.find(([, set]) => all.some((word) => set.has(word)))?.[0] ?? null;
  if (meta === 'photo' && all.some((word) => CREDIT_WORDS.has(word))) meta = 'credit';
  else if (meta === 'photo' && all.some((word) => CAPTION_WORDS.has(word))) meta = 'caption';
  let answerType: AnswerType | null = null;
  const followed = (first: string[], second: string[]) => all.some((word, i) => first.includes(word) && second.includes(all[i + 1] ?? ''));
  if (followed(['how', 'hw'], ['long', 'soon', 'quickly'])) answerType = 'duration';
  else if (followed(['how', 'hw'], MEASURES)) answerType = 'number';
  else if (['why', 'whys'].some(has)) answerType = 'reason';
  else if (['when', 'wen', 'whens'].some(has) || followed(['since', 'what', 'which', 'wat'], ['when', 'year', 'date', 'day', 'month'])) answerType = 'date';
  else if (['where', 'wheres', 'whereabouts'].some(has)) answerType = 'place';
  else if (['who', 'whos', 'whom', 'whose'].some(has)) answerType = 'person';
  else {
    const noun = all.find((word, i) => ['which', 'what', 'wat', 'whats'].includes(all[i - 1] ?? ''));
    answerType = KIND_NOUNS.find(([, set]) => noun !== undefined && set.has(noun))?.[0] ?? null;
    // Keyword questions: "trump campaign year", "russian interference year".
    if (answerType === null && ['year', 'when'].includes(all[all.length - 1] ?? '')) answerType = 'date';
  }
  return { answerType, meta, defining: definedSubject(all) };
}

/** "what is", "whats", "who s", "what are", "define", "meaning of" before X; "stand for", "mean" after it. */
const DEFINITION_OPENINGS = [['what', 'is'], ['what', 's'], ['whats'], ['what', 'are'], ['who', 'is'], ['who', 's'], ['whos'], ['who', 'are'], ['define'], ['meaning', 'of'], ['what', 'does'], ['wat', 'is'], ['wats']];
const DEFINITION_ENDINGS = [['stand', 'for'], ['stands', 'for'], ['mean'], ['means']];
/** Words X may not hold: they make it a question about something else ("what is the capital of …"). */
const NOT_A_SUBJECT = new Set(['the', 'a', 'an', 'this', 'that', 'it', 'he', 'she', 'they', 'going', 'happening', 'his', 'her', 'their']);

/**
 * The subject of a definition question — "what is viper", "whos kevin mayer", "what does hp stand
 * for", "define tuft cells" — as its words (one to four); null for any other question.
 */
function definedSubject(all: string[]): string[] | null {
  const opening = DEFINITION_OPENINGS.find((words) => words.every((word, i) => all[i] === word));
  if (!opening) return null;
  let rest = all.slice(opening.length);
  const ending = DEFINITION_ENDINGS.find((words) => words.every((word, i) => rest[rest.length - words.length + i] === word));
  if (opening.join(' ') === 'what does' && !ending) return null;
  if (ending) rest = rest.slice(0, rest.length - ending.length);
  if (rest[0] === 'a' || rest[0] === 'an') rest = rest.slice(1);
  if (rest.length === 0 || rest.length > 4 || rest.some((word) => NOT_A_SUBJECT.has(word))) return null;
  return rest;
}

/**
 * Whether a word of a question names the article's furniture (headline, subtitle, photo, and
 * "took" in "who took the photo"): about the layout, not a content word to find.
 */
export function isMetaWord(word: string, shape: QuestionShape): boolean {
  return META_WORDS.some(([, set]) => set.has(word)) || (shape.meta === 'credit' && CREDIT_WORDS.has(word));
}

/** Clause breaks in a question: the last clause is what it asks ("moreno called him a nuisance, how long till …"). */
const CLAUSE_BREAK = /[,;:]|\s(?:but|so|then|though|although|and then)\s/i;

/** The words of the question's last clause, or of the whole question when it is one clause. */
export function focusWords(question: string): Set<string> {
  const clauses = question.split(CLAUSE_BREAK).filter((clause) => words(clause).length > 0);
  return new Set(words(clauses[clauses.length - 1] ?? question));
}
