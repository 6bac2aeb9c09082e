import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../test/support/shared.js';
import { BadInputError } from '../../model/index.js';
import { MAX_HTML_DEPTH, checkHtmlDepth } from './html-depth.js';
import { htmlReader } from './html-reader.js';

const encode = (s: string): Uint8Array => new TextEncoder().encode(s);

async function refusedFast(name: string, html: string): Promise<void> {
  const t0 = performance.now();
  const read = htmlReader.read({ path: name, bytes: encode(html) });
  await expect(read).rejects.toThrow(BadInputError);
  await expect(read).rejects.toThrow(
    `${name}: HTML nests elements more than ${MAX_HTML_DEPTH} deep, over the nesting-depth limit`,
  );
  expect(performance.now() - t0).toBeLessThan(1000);
}

describe('HTML nesting depth', () => {
  it('refuses 200,000 nested <div>s quickly, as bad input, never a stack overflow', async () => {
    await refusedFast(
      'divs.html',
      `<html><body>${'<div>'.repeat(200_000)}x${'</div>'.repeat(200_000)}</body></html>`,
    );
  });

  it('refuses 5,000 nested tables quickly', async () => {
    await refusedFast(
      'tables.html',
      `${'<table><tr><td>'.repeat(5000)}1${'</td></tr></table>'.repeat(5000)}`,
    );
    // The same without end tags, as careless generators write them.
    await refusedFast('open-tables.html', `${'<table><tr><td>'.repeat(5000)}1`);
  });

  it('counts implied end tags as the parser does: long flat tables and lists are shallow', () => {
    const rows = `<table>${'<tr><td>1<td>2<td>3'.repeat(20_000)}</table>`;
    expect(() =>
      checkHtmlDepth(`<body>${rows}${'<p>段落'.repeat(5000)}${'<ul>' + '<li>项'.repeat(5000)}</ul>`),
    ).not.toThrow();
    expect(() =>
      checkHtmlDepth(`<script>${'<div>'.repeat(5000)}</script><!-- ${'<div>'.repeat(5000)} -->`),
    ).not.toThrow();
    expect(() => checkHtmlDepth('<div>'.repeat(MAX_HTML_DEPTH))).not.toThrow();
    expect(() => checkHtmlDepth('<div>'.repeat(MAX_HTML_DEPTH + 1))).toThrow(BadInputError);
  });

  it('accepts every HTML sample', () => {
    const dir = join(REPO_ROOT, 'samples');
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.html')))
      expect(() => checkHtmlDepth(readFileSync(join(dir, f), 'utf8'), 64)).not.toThrow();
  });
});
