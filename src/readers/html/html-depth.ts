import { BadInputError } from '../../model/index.js';

/**
 * Deepest element nesting accepted in HTML. Government pages nest 20–60 deep (layout tables inside layout
 * tables); the parser's scope checks cost time per open element and the tree walk recurses per level, so
 * 200,000 nested <div>s took 260 s of CPU before a stack overflow, and 5,000 nested tables ended the same way.
 */
export const MAX_HTML_DEPTH = 1000;

const VOID = new Set([
  'area',
  'base',
  'basefont',
  'bgsound',
  'br',
  'col',
  'embed',
  'frame',
  'hr',
  'img',
  'input',
  'keygen',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);
/** Elements whose content is text up to their own end tag (no markup inside). */
const RAW = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes']);

/**
 * Start tags that end an open element of the same family (HTML's implied end tags), and the elements that
 * bound the search: a new <td> ends the open cell of its row, never one of an outer table.
 */
const IMPLIED: Readonly<Record<string, { ends: readonly string[]; bound: readonly string[] }>> = {
  p: { ends: ['p'], bound: ['td', 'th', 'table', 'li', 'div', 'body', 'html'] },
  li: { ends: ['li'], bound: ['ul', 'ol', 'table', 'body', 'html'] },
  dt: { ends: ['dt', 'dd'], bound: ['dl', 'table', 'body', 'html'] },
  dd: { ends: ['dt', 'dd'], bound: ['dl', 'table', 'body', 'html'] },
  td: { ends: ['td', 'th'], bound: ['tr', 'table'] },
  th: { ends: ['td', 'th'], bound: ['tr', 'table'] },
  tr: { ends: ['tr'], bound: ['table'] },
  tbody: { ends: ['thead', 'tbody', 'tfoot'], bound: ['table'] },
  thead: { ends: ['thead', 'tbody', 'tfoot'], bound: ['table'] },
  tfoot: { ends: ['thead', 'tbody', 'tfoot'], bound: ['table'] },
  option: { ends: ['option'], bound: ['select', 'datalist', 'body'] },
};
/** Block starts that close an open <p> directly above them. */
const CLOSES_P = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'div',
  'dl',
  'fieldset',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'ul',
]);

/**
 * Throw BadInputError when the HTML nests elements deeper than `limit`, scanning the tags once (no tree): an
 * approximation of the HTML tree builder's open-element stack with its usual implied end tags (p, li, td, tr …)
 * and end tags closing down to their element. It only ever overestimates for markup the builder repairs in
 * rarer ways, and a real page stays far below the limit either way.
 */
export function checkHtmlDepth(html: string, limit = MAX_HTML_DEPTH): void {
  const stack: string[] = [];
  const open = new Map<string, number>();
  const pop = (): void => {
    const name = stack.pop();
    if (name !== undefined) open.set(name, (open.get(name) ?? 1) - 1);
  };
  const tag = /<(\/?)([A-Za-z][A-Za-z0-9:-]*)[^>]*?(\/?)>|<!--|<[!?]/g;
  let m: RegExpExecArray | null;
  while ((m = tag.exec(html)) !== null) {
    if (m[2] === undefined) {
      // Comment, doctype or processing instruction: skipped to its end.
      const end = m[0] === '<!--' ? html.indexOf('-->', tag.lastIndex) : html.indexOf('>', tag.lastIndex);
      if (end < 0) return;
      tag.lastIndex = end + 1;
      continue;
    }
    const name = m[2].toLowerCase();
    if (m[1] === '/') {
      if ((open.get(name) ?? 0) > 0) {
        while (stack.length > 0 && stack[stack.length - 1] !== name) pop();
        pop();
      }
      continue;
    }
    if (VOID.has(name) || m[3] === '/') continue;
    if (RAW.has(name)) {
      const close = new RegExp(`</${name}`, 'gi');
      close.lastIndex = tag.lastIndex;
      const end = close.exec(html);
      if (!end) return;
      tag.lastIndex = end.index;
      continue;
    }
    if (CLOSES_P.has(name) && stack[stack.length - 1] === 'p') pop();
    const implied = IMPLIED[name];
    if (implied) {
      for (let i = stack.length - 1; i >= 0; i--) {
        const s = stack[i] ?? '';
        if (implied.bound.includes(s)) break;
        if (implied.ends.includes(s)) {
          while (stack.length > i) pop();
          break;
        }
      }
    }
    stack.push(name);
    open.set(name, (open.get(name) ?? 0) + 1);
    if (stack.length > limit)
      throw new BadInputError(`HTML nests elements more than ${limit} deep, over the nesting-depth limit`);
  }
}
