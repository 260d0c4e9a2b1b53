import type { Engine } from './engine.ts';
import { fold } from './text.ts';

export interface EvalQuestion {
  id: string;
  question: string;
  /** Substrings of the article that a right extract contains (case and quote style ignored). */
  gold: string[];
  outOfScope?: boolean;
}

/** Reads a JSONL question file; a bad line is an error naming its number. */
export function parseQuestions(text: string, file: string): EvalQuestion[] {
  return text
    .split(/\r?\n/)
    .map((line, index) => ({ line: line.trim(), number: index + 1 }))
    .filter(({ line }) => line !== '')
    .map(({ line, number }) => {
      let value: Partial<EvalQuestion>;
      try {
        value = JSON.parse(line) as Partial<EvalQuestion>;
      } catch {
        throw new Error(`${file}:${number} is not valid JSON`);
      }
      if (typeof value.question !== 'string') throw new Error(`${file}:${number} has no "question" string`);
      return { id: String(value.id ?? number), question: value.question, gold: Array.isArray(value.gold) ? value.gold : [], outOfScope: value.outOfScope === true };
    });
}

function containsGold(text: string, gold: string[]): boolean {
  const folded = fold(text);
  return gold.some((g) => folded.includes(fold(g)));
}

export interface EvalMiss {
  id: string;
  question: string;
  problem: string;
}

export interface EvalReport {
  inScope: number;
  hitAt1: number;
  hitAt3: number;
  /** In-scope questions whose gold is inside the highlighted sentence of the first extract. */
  highlightAt1: number;
  mrr: number;
  outOfScope: number;
  /** Out-of-scope questions the engine rightly said it could not answer. */
  abstained: number;
  /** In-scope questions the engine wrongly said it could not answer. */
  wrongAbstentions: number;
  misses: EvalMiss[];
}

/** Runs every question through the engine and scores the extracts against the gold strings. */
export async function evaluate(engine: Engine, questions: EvalQuestion[]): Promise<EvalReport> {
  const report: EvalReport = { inScope: 0, hitAt1: 0, hitAt3: 0, highlightAt1: 0, mrr: 0, outOfScope: 0, abstained: 0, wrongAbstentions: 0, misses: [] };
  for (const question of questions) {
    const answer = await engine.answer(question.question, 3);
    const miss = (problem: string) => report.misses.push({ id: question.id, question: question.question, problem });
    if (question.outOfScope) {
      report.outOfScope++;
      if (answer.status !== 'answered') report.abstained++;
      else miss(`answered an out-of-scope question with “${answer.extracts[0]?.text.slice(0, 80) ?? ''}…”`);
      continue;
    }
    report.inScope++;
    if (answer.status !== 'answered') {
      report.wrongAbstentions++;
      miss('abstained');
    }
    const rank = answer.extracts.findIndex((extract) => containsGold(extract.text, question.gold));
    if (rank === 0) report.hitAt1++;
    if (rank >= 0 && rank < 3) report.hitAt3++;
    if (rank >= 0) report.mrr += 1 / (rank + 1);
    const first = answer.extracts[0];
    if (first && containsGold(first.text.slice(first.highlight.start, first.highlight.end), question.gold)) report.highlightAt1++;
    if (rank !== 0) miss(rank < 0 ? `gold not in the top 3; first: “${first?.text.slice(0, 80) ?? ''}…”` : `gold at rank ${rank + 1}`);
  }
  report.mrr = report.inScope > 0 ? report.mrr / report.inScope : 0;
  return report;
}

export function formatReport(report: EvalReport): string {
  const lines = [
    `Hit@1 ${report.hitAt1}/${report.inScope} · Hit@3 ${report.hitAt3}/${report.inScope} · MRR ${report.mrr.toFixed(3)} · highlight@1 ${report.highlightAt1}/${report.inScope}`,
    `Out-of-scope abstentions ${report.abstained}/${report.outOfScope} · wrong abstentions ${report.wrongAbstentions}`,
  ];
  if (report.misses.length > 0) lines.push('Misses:', ...report.misses.map((m) => `  ${m.id} ${m.question} → ${m.problem}`));
  return lines.join('\n');
}
