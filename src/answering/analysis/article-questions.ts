/**
 * Questions about an article as a whole, recognised before any search: what it is about ("tldr",
 * "summarize", "what's this about"), its furniture ("what's the headline", "who took the photo",
 * "what does the caption say"), and its metadata ("who wrote this", "when was it published",
 * "which site is this from"). Such a question is answered from the article's own headline, lead
 * and most central sentences, or from its stored metadata, never from a search of its words.
 *
 * A question counts only when its words beyond the pattern's own say nothing more ("who wrote
 * the letter to Moreno" asks about the story, not the byline); a word or two that name an article
 * ("what's the assange article about") are kept for choosing the article.
 */
import { STOPWORDS, words } from './text.ts';

export type ArticleQuestionKind = 'summary' | 'headline' | 'subtitle' | 'caption' | 'credit' | 'byline' | 'published' | 'site';

export interface ArticleQuestion {
  kind: ArticleQuestionKind;
  /** Words of the question beyond its pattern (lower case): they may name the article meant. */
  rest: string[];
}

/** Nouns for the article itself. */
const ARTICLE = String.raw`(?:article|story|piece|post|news|report|link|page|thing)`;
/** "this", "the article", "this story", "the assange piece", "it". */
const THIS = String.raw`(?:(?:this|that|the|ur|your)\s+(?:\w+\s+){0,2}${ARTICLE}|this|that|it)`;
/** "what's", "whats", "what is" (words() splits "what's" into "what s"). */
const WHAT_IS = String.raw`(?:whats|what\s+(?:is|s|was))`;
const WHO_IS = String.raw`(?:whos|who\s+(?:is|s|was))`;
const PHOTO = String.raw`(?:photo|picture|pic|image|photograph|foto|img)s?`;

const PATTERNS: [ArticleQuestionKind, RegExp][] = [
  [
    'summary',
    new RegExp(
      String.raw`\b(?:tl\s?dr|tldr|summar(?:y|ies|ise|ize|ised|ized|ising|izing)|sum\s+(?:it\s+)?up|recap|gist|overview|synopsis|in\s+a\s+nutshell|(?:main|key|central)\s+(?:point|points|idea|ideas|takeaway|takeaways|message|argument)|(?:${WHAT_IS}|what)\s+${THIS}\s+(?:about|saying|say)|what\s+(?:does|did|do)\s+${THIS}\s+(?:say|cover|talk\s+about|discuss)|${WHAT_IS}\s+(?:the\s+)?(?:\w+\s+){0,2}${ARTICLE}\s+about|${WHAT_IS}\s+it\s+about|what\s+happened\s+in\s+${THIS}|explain\s+${THIS})\b`,
    ),
  ],
  ['subtitle', /\b(?:sub\s?head(?:ing|line)?s?|sub\s?title|standfirst|tagline|dek|strapline)\b/],
  ['headline', /\b(?:head\s?line|title|heading|header)s?\b/],
  ['credit', new RegExp(String.raw`\b(?:who\s+(?:took|shot|snapped|made)\s+(?:the\s+|this\s+|that\s+)?${PHOTO}|${PHOTO}\s+(?:credit|cred)s?|${WHO_IS}\s+the\s+photographer|photographer|credits?\s+for\s+the\s+${PHOTO})\b`)],
  ['caption', new RegExp(String.raw`\b(?:captions?|${WHAT_IS}\s+(?:in|on)\s+the\s+${PHOTO}|what\s+does\s+the\s+${PHOTO}\s+show|describe\s+the\s+${PHOTO})\b`)],
  ['byline', new RegExp(String.raw`\b(?:who\s+(?:wrote|writes|authored|penned|reported)\s+${THIS}|${WHO_IS}\s+(?:the\s+)?(?:author|writer|journalist|reporter)(?:\s+of\s+${THIS})?\s*$|^\s*(?:the\s+)?(?:author|writer|byline)\s*$|by\s+whom|written\s+by\s+(?:who|whom))\b`)],
  ['published', new RegExp(String.raw`\b(?:when\s+(?:was|is|did)\s+${THIS}\s+(?:published|written|posted|released|put\s+out|come\s+out|came\s+out|out|from|dated)|when\s+(?:was|is)\s+${THIS}\s*$|publi(?:cation|shed|shing)\s+date|date\s+(?:of\s+)?(?:publication|${THIS})|how\s+(?:old|recent|new)\s+is\s+${THIS}|what\s+(?:date|day|year)\s+(?:is|was)\s+${THIS}(?:\s+(?:published|from|written))?)\b`)],
  ['site', new RegExp(String.raw`\b(?:(?:which|what)\s+(?:site|website|paper|newspaper|outlet|publication|publisher|magazine|news\s+(?:site|outlet|organi[sz]ation))\b|where\s+(?:is|was|did)\s+${THIS}\s+(?:from|published|posted|come\s+from|appear)|who\s+(?:published|ran|posted|put\s+out)\s+${THIS}|source\s+of\s+${THIS}|^\s*${WHAT_IS}\s+the\s+source\s*$)`)],
];

/** Words that carry nothing beyond a whole-article question ("please", "the article", "about"). */
const FILLER = new Set(
  `article story piece post news report text link page read thing one bot pls please can could you tell me give quick quickly short
  briefly brief give me us real actually this that the it its about whats what is was does did do say said says show shows there
  took taken photo photos picture pictures pic pics image images photograph foto img caption captions credit credits cred
  headline headlines title heading header subheading subhead subtitle published publish wrote written author writer who when where
  which site website paper newspaper outlet publication source from date day year main point points key idea gist summary summarize
  summarise tldr tl dr overview recap sum up nutshell in a an of on for to by`
    .split(/\s+/)
    .filter(Boolean),
);

/**
 * The whole-article question a question is, if any. Content questions that merely mention a
 * headline word ("who is the title holder") are not: the words left over must be filler, or few
 * enough to name an article.
 */
export function articleQuestion(question: string): ArticleQuestion | null {
  const all = words(question.replace(/\btl;dr\b/gi, 'tldr'));
  const text = all.join(' ');
  for (const [kind, pattern] of PATTERNS) {
    if (!pattern.test(text)) continue;
    const rest = all.filter((word) => !FILLER.has(word) && !STOPWORDS.has(word));
    // Naming an article takes a word or two ("the assange article"); more is a question about the story.
    if (rest.length <= (kind === 'summary' ? 2 : 1)) return { kind, rest };
    return null;
  }
  return null;
}
