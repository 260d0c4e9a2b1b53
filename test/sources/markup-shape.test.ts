import { describe, expect, it } from 'vitest';
import { markupShape } from '../../src/sources/markup-shape.ts';

describe('markupShape', () => {
  it.each([
    ['plain text', 'no tags at all', { elements: 0, depth: 0 }],
    ['a small page', '<html><head><title>T</title></head><body><div><p>Hi</p></div></body></html>', { elements: 6, depth: 3 }],
    ['void and self-closed elements add no depth', '<div><br><img src=x><hr/><input><svg/></div>', { elements: 6, depth: 1 }],
    ['paragraphs and list items left open add no depth', '<ul><li>a<li>b<li>c</ul><p>one<p>two', { elements: 6, depth: 1 }],
    ['tag names in any case', '<DIV><Span>x</SPAN></div>', { elements: 2, depth: 2 }],
    ['markup inside scripts and styles is text', '<script>var s = "<div><div><div>";</script><STYLE>a<b{}</style><div></div>', { elements: 3, depth: 1 }],
    ['markup inside comments is not counted', '<!-- <div><div> --><div></div>', { elements: 1, depth: 1 }],
    ['a stray closing tag closes nothing', '<div></span><div></div></div>', { elements: 2, depth: 2 }],
    ['a closing tag closes the open elements above its match', '<div><span><b><i>x</div><div></div>', { elements: 5, depth: 4 }],
    ['deep nesting', `${'<div>'.repeat(1000)}x${'</div>'.repeat(1000)}`, { elements: 1000, depth: 1000 }],
    ['an unclosed script ends the scan', '<div><script>var x = "<div>"', { elements: 2, depth: 1 }],
    ['an unclosed tag ends the scan', '<div><span class="x', { elements: 1, depth: 1 }],
    ['a lone < is text, a doctype no element', '<!DOCTYPE html>a < b and <3 <div></div>', { elements: 1, depth: 1 }],
  ])('%s', (_name, html, expected) => {
    expect(markupShape(html)).toEqual(expected);
  });

  it('stays linear on hostile input', () => {
    const started = performance.now();
    markupShape(`${'<div>'.repeat(200_000)}${'</span>'.repeat(200_000)}${'<script>'.repeat(1000)}`);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
