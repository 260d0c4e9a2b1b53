import { describe, expect, it } from 'vitest';
import { customIds, parseCustomId, type ButtonAction } from '../../src/discord/custom-ids.ts';
import { LIMITS } from '../../src/discord/format.ts';

describe('custom ids', () => {
  it.each<[string, string, ButtonAction]>([
    ['More extracts', customIds.more(2), { kind: 'more', page: 2 }],
    ['Full paragraph', customIds.paragraph('0123456789abcdef', 14), { kind: 'paragraph', articleKey: '0123456789abcdef', paragraph: 14 }],
    ['a vote up', customIds.vote('up'), { kind: 'vote', vote: 'up' }],
    ['a vote down', customIds.vote('down'), { kind: 'vote', vote: 'down' }],
    ['remove', customIds.remove(), { kind: 'remove' }],
  ])('parses back what it built: %s', (_name, id, action) => {
    expect(parseCustomId(id)).toEqual(action);
    expect(id.length).toBeLessThanOrEqual(LIMITS.customId);
  });

  it('keeps the longest id within 100 characters', () => {
    expect(customIds.paragraph('ffffffffffffffff', 999_999).length).toBeLessThanOrEqual(LIMITS.customId);
  });

  it.each([
    ['an unknown kind', 'poll:1'],
    ['a page that is no number', 'more:x'],
    ['a negative page', 'more:-1'],
    ['a page in exponent form', 'more:1e3'],
    ['an empty page', 'more:'],
    ['extra parts', 'more:1:2'],
    ['a key not of 16 hex digits', 'para:abc:2'],
    ['an upper-case key', 'para:0123456789ABCDEF:2'],
    ['a key that is a path', 'para:../../etc/passwd0:2'],
    ['an empty paragraph number', 'para:0123456789abcdef:'],
    ['a vote of another kind', 'vote:sideways'],
    ['remove naming a user', 'delete:500000000000000099'],
    ['a prefix alone', 'para'],
    ['surrounding space', ' more:1'],
    ['nothing', ''],
  ])('refuses %s (%s)', (_name, id) => {
    expect(parseCustomId(id)).toBeUndefined();
  });
});
