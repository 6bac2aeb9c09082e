import { CATALOG, family as familyDef, type FamilyDef, type Layout } from '../catalog/index.js';
import type { TableType } from '../model/index.js';
import type { GridView } from './grid-view.js';
import { compact, editDistance } from './text.js';

/** Recognition of table families by title and header, from the catalog (src/catalog). */
type FamilySpec = FamilyDef;

/**
 * Some stretch of `text` within one edit of `title` (titles of 5+ characters only). Punctuation is left out
 * of the comparison: OCR breaks a character into marks ("共" → "，."), which titles never contain.
 */
function nearTitle(raw: string, title: string): boolean {
  if (title.length < 5) return false;
  const text = raw.replace(/[，,.。、·:：;；'"‘’“”/\\|]/g, '');
  for (const len of [title.length - 1, title.length, title.length + 1]) {
    for (let i = 0; i + len <= text.length; i++)
      if (editDistance(text.slice(i, i + len), title) <= 1) return true;
  }
  return false;
}

/** True when a line of text reads like the title of one of the families (used to find titles and split grids). */
export function matchFamilyTitle(text: string): FamilySpec | undefined {
  const c = compact(text);
  if (c.length > 60 || c.length < 4) return undefined;
  const final = /决算/.test(c);
  // A 决算 family never matches a title without 决算, and a budget family never one with it.
  const kindFits = (f: FamilySpec): boolean => (f.kind === 'final' ? final : !final);
  const exact = CATALOG.find((f) => kindFits(f) && f.title.test(c));
  if (!looksLikeTitle(c)) return exact;
  // A title OCR garbled may still be one edit from a family's printed title. That family wins over the
  // pattern match only when it refines it: "一般公，.预算支出预算表" is 一般公共预算支出预算表, not the bare
  // 支出预算表 its pattern gives; "政府性基金预算财政拨款收入支出决算表" stays itself even though it is one
  // edit from 财政拨款收入支出决算总表.
  const near = CATALOG.find((f) => kindFits(f) && f.printed.some((t) => nearTitle(c, t)));
  if (!exact) return near;
  const matched = exact.title.exec(c)?.[0] ?? '';
  return near && near !== exact && near.printed.some((t) => t.length > matched.length && t.includes(matched))
    ? near
    : exact;
}

/** Looks like a table title of any kind ("…表", "附表2"), even of no known family. */
export function looksLikeTitle(text: string): boolean {
  const c = compact(text);
  if (c.length < 3 || c.length > 60) return false;
  if (/[。；;]$/.test(c)) return false;
  return /表(格)?(\(\S*\))?$/.test(c) && !/^(注|说明|备注)/.test(c);
}

/** Family, when the header reveals it where no title does (a table whose title was lost). */
export function familyFromHeader(headerText: string): FamilySpec | undefined {
  const c = compact(headerText);
  return CATALOG.find((f) => (f.headerSignatures ?? []).some((sig) => sig.every((re) => re.test(c))));
}

/** The header text a candidate's family is recognised by: its first four rows. */
export function candidateHeaderText(c: { readonly rows: readonly number[]; readonly view: GridView }): string {
  return c.rows
    .slice(0, 4)
    .map((r) => c.view.filled(r).join(' '))
    .join(' ');
}

/** A candidate's family: by its title, else by its header. */
export function candidateFamily(c: {
  readonly family?: FamilySpec;
  readonly rows: readonly number[];
  readonly view: GridView;
}): FamilySpec | undefined {
  return c.family ?? familyFromHeader(candidateHeaderText(c));
}

export function byType(type: TableType): FamilySpec | undefined {
  return familyDef(type);
}

/** The layout a table of the family is printed in: the first variant whose patterns all occur in its title and header. */
export function chooseLayout(f: FamilySpec | undefined, headerText: string): Layout {
  if (!f) return 'generic';
  const c = compact(headerText);
  const variant = f.layouts.find((v) => (v.header ?? []).every((re) => re.test(c)));
  return (variant ?? f.layouts[f.layouts.length - 1])?.layout ?? 'generic';
}

export type { FamilySpec, Layout };
