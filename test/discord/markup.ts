/**
 * What Discord would read as markup in a reply built from quotes: an unescaped "[" (a masked
 * link), "<" (mention, timestamp, emoji), emphasis marks other than our own "**" pairs, and a
 * quote line whose text starts with a quote, heading, subtext or list mark. Empty when the reply
 * shows the quoted text as written.
 */
export function markupLeaks(content: string): string[] {
  const leaks: string[] = [];
  // Discord breaks lines on these too, and the line after one would not start with our "> ".
  if (/[\r\u000B\u000C\u0085\u2028\u2029]/.test(content)) leaks.push('a line break other than \\n');
  for (const [n, line] of content.split('\n').entries()) {
    if (line.startsWith('— ')) continue;
    if (!line.startsWith('> ')) leaks.push(`line ${n} is not a quote line: ${line}`);
    // The quoted text's first mark, past our own bold.
    const text = line.slice(2).replace(/^\*\*/, '');
    if (/^(?:[>#+-]|\*(?!\*)|\d+[.)])/.test(text)) leaks.push(`line ${n} starts with markup: ${line}`);
    let stars = 0;
    for (let i = 2; i < line.length; i++) {
      const char = line[i]!;
      if (char === '\\') i++;
      else if (char === '*') stars++;
      else if ('[]<_~`|'.includes(char)) leaks.push(`line ${n} has an unescaped ${char}: ${line}`);
    }
    if (stars % 4 !== 0) leaks.push(`line ${n} has unpaired bold: ${line}`);
  }
  return leaks;
}

/** The quote lines of a reply (its header and citations aside), as markupLeaks reads them. */
export const quoteLines = (content: string): string => content.split('\n').filter((line) => line.startsWith('> ')).join('\n');
