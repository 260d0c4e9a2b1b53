import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { paragraphsOf } from '../../src/sources/paragraphs.ts';

/** The walk over a <div> holding `html`, as Readability hands its article over. */
function walk(html: string) {
  const { document } = parseHTML(`<html><body><div id="root">${html}</div></body></html>`) as unknown as { document: Document };
  return paragraphsOf(document.getElementById('root')!).map(({ text, role }) => ({ text, role }));
}

describe('paragraphsOf', () => {
  it.each([
    ['a paragraph, whitespace collapsed and entities decoded', '<p>  One\n\t<b>bold</b>&nbsp;and &amp; <a href="#">link</a>.  </p>', [{ text: 'One bold and & link.', role: 'body' }]],
    ['headings h2–h6', '<h2>Two</h2><h6>Six</h6>', [{ text: 'Two', role: 'heading' }, { text: 'Six', role: 'heading' }]],
    ['one paragraph per list item, nested lists apart', '<ul><li>First</li><li>Second<ul><li>Inner</li></ul></li></ul>', [
      { text: 'First', role: 'list' }, { text: 'Second', role: 'list' }, { text: 'Inner', role: 'list' }]],
    ['a blockquote of paragraphs', '<blockquote><p>Said one.</p><p>Said two.</p></blockquote>', [{ text: 'Said one.', role: 'quote' }, { text: 'Said two.', role: 'quote' }]],
    ['figure captions and table captions', '<figure><img src="x.jpg" alt="alt text"><figcaption>A photo.</figcaption></figure><table><caption>Results</caption><tr><td>a</td></tr></table>', [
      { text: 'A photo.', role: 'caption' }, { text: 'Results', role: 'caption' }, { text: 'a', role: 'body' }]],
    ['a byline marked by class', '<div class="article-byline">By Jane Doe</div><p>Text.</p>', [{ text: 'By Jane Doe', role: 'byline' }, { text: 'Text.', role: 'body' }]],
    ['a long block marked "author" is an author box, not a byline', `<div class="author-bio">${'Writes about things. '.repeat(10)}</div>`, [{ text: 'Writes about things. '.repeat(10).trim(), role: 'body' }]],
    ['a standfirst', '<p class="standfirst">The short of it.</p><p>Text.</p>', [{ text: 'The short of it.', role: 'subtitle' }, { text: 'Text.', role: 'body' }]],
    ['<br> ends a line', '<p>Line one<br>Line two</p>', [{ text: 'Line one', role: 'body' }, { text: 'Line two', role: 'body' }]],
    ['text directly in a div around blocks', '<div>Loose text<p>Para</p>tail</div>', [{ text: 'Loose text', role: 'body' }, { text: 'Para', role: 'body' }, { text: 'tail', role: 'body' }]],
    ['a table row is one line, cells apart', '<table><tr><th>Name</th><th>Score</th></tr><tr><td>Ann</td><td>3</td></tr></table>', [{ text: 'Name Score', role: 'body' }, { text: 'Ann 3', role: 'body' }]],
    ['preformatted lines stay lines', '<pre>line 1\n  line 2\n\nline 4</pre>', [{ text: 'line 1', role: 'body' }, { text: 'line 2', role: 'body' }, { text: 'line 4', role: 'body' }]],
    ['what a reader never sees is skipped', '<p>Seen<script>var x = 1;</script><style>p{}</style><span hidden>hidden</span><span aria-hidden="true">icon</span><span style="display: none">none</span><button>Share</button></p>', [{ text: 'Seen', role: 'body' }]],
    ['empty blocks give nothing', '<p> </p><div><p>\n</p></div>', []],
  ])('%s', (_name, html, expected) => {
    expect(walk(html)).toEqual(expected);
  });

  it('measures link text and marks table rows', () => {
    const { document } = parseHTML('<html><body><div id="r"><p><a href="#">Read more</a> here</p><table><tr><td>x</td></tr></table></div></body></html>') as unknown as { document: Document };
    const [linked, row] = paragraphsOf(document.getElementById('r')!);
    expect(linked).toMatchObject({ text: 'Read more here', linkChars: 'Read more'.length, inTable: false });
    expect(row).toMatchObject({ text: 'x', inTable: true });
  });

  it('walks deep nesting without recursion', () => {
    const depth = 5000;
    const { document } = parseHTML(`<html><body><div id="r">${'<div>'.repeat(depth)}deep${'</div>'.repeat(depth)}</div></body></html>`) as unknown as { document: Document };
    expect(paragraphsOf(document.getElementById('r')!)).toMatchObject([{ text: 'deep', role: 'body' }]);
  });
});
