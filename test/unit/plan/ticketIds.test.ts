import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPlan } from '../../../src/plan/index.js';
import { rendered, valueOf } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'tpe-ids-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function load(ids: string[]) {
  const file = join(dir, 'plan.yaml');
  writeFileSync(file, ['name: ids', 'tickets:', ...ids.flatMap((id) => [`  - id: ${JSON.stringify(id)}`, '    run: "true"']), ''].join('\n'));
  return loadPlan(file);
}

describe('ticket ids that cannot work are refused with a location; odd ones pass', () => {
  it('refuses an id longer than 200 bytes (counted in UTF-8), with control characters, or blank', async () => {
    const problems = rendered(await load(['X'.repeat(201), 'é'.repeat(101), 'bad\tid', 'line\nbreak', '   ', 'X'.repeat(200)]), dir);
    expect(problems).toEqual([
      expect.stringMatching(/^plan\.yaml:3:9 tickets\[0\]\.id: invalid ticket id: expected a ticket id of at most 200 bytes \(this one has 201\), found "X+…"$/),
      expect.stringMatching(/^plan\.yaml:5:9 tickets\[1\]\.id: invalid ticket id: expected a ticket id of at most 200 bytes \(this one has 202\)/),
      'plan.yaml:7:9 tickets[2].id: invalid ticket id: expected a ticket id without control characters (newlines, tabs, escapes), found "bad\\tid"',
      'plan.yaml:9:9 tickets[3].id: invalid ticket id: expected a ticket id without control characters (newlines, tabs, escapes), found "line\\nbreak"',
      'plan.yaml:11:9 tickets[4].id: invalid ticket id: expected a non-empty ticket id such as SYS-015, found "   "',
    ]);
  });

  it('keeps slashes, colons, spaces and unicode working', async () => {
    const plan = valueOf(await load(['a/b', 'a_b', 'a:b', 'two words', 'ünïcødé-✓', '..']));
    expect(plan.tickets.map((t) => t.id)).toEqual(['a/b', 'a_b', 'a:b', 'two words', 'ünïcødé-✓', '..']);
  });
});
