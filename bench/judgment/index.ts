/**
 * `npm run bench:judgment`: how well tally judges real documents.
 *
 *   A. the unaltered corpus (every text-layer PDF under ../shared/corpus except icdar2013-eu and the scans):
 *      kind, tables, finance tables `unknown`, anomaly counts, parse_error, and every error-level anomaly with its
 *      verdict from the document's hand-made answer file (bench/judgment/answers/);
 *   B. planted faults: each kind of fault planted in the text layer (the reader's spans) before table
 *      reconstruction, one fault per run, and whether tally flagged it;
 *   C. a summary of the targets with PASS/MISS;
 *   D. (with --perturb) layout perturbations of the tuned group: layout variants written into the text layer with
 *      the arithmetic unchanged (perturb.ts); any new error, finance table turned `unknown` or family changed
 *      against the unaltered run (the baseline) is a failure of recognition.
 *
 * Options: --only <substring> (documents whose path contains it), --kinds a,b (plant kinds), --plants N (per kind
 * per document, default 2), --cap N (plants per kind per group, default 24: documents are visited in a seeded random
 * order, so the capped plants are a sample across the group), --no-plants, --seed N, --json <file> (default
 * bench/out/judgment/results.json), --perturb (part D), --perturb-kinds a,b, --perturb-group tuned|held_out
 * (default tuned), --held-out-detail (print the held-out group's documents, errors, patterns and missed plants; by
 * default the held-out group is shown only as totals and recall, so that nobody tunes on it by reading the
 * report; results.json keeps everything).
 * Skips cleanly when ../shared/corpus is absent.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CORPUS_DIR, hasShared } from '../../test/support/shared.js';
import { loadAnswers } from './answers.js';
import { CORPUS_DOCS, groupOf, type Group } from './corpus.js';
import { median, pct, shortName, table } from './format.js';
import { PLANT_KINDS, seededRng, shuffle, type PlantKind } from './plants.js';
import { runPlants, type PlantOutcome } from './planted.js';
import {
  PERTURB_KINDS,
  perturbSection,
  runPerturbations,
  type PerturbKind,
  type PerturbOutcome,
} from './perturb.js';
import { loadDoc, runPipeline } from './run.js';
import { pattern, reportDoc, type DocReport } from './unaltered.js';

interface Options {
  only: string[];
  kinds: PlantKind[];
  plants: number;
  cap: number;
  seed: number;
  json: string;
  noPlants: boolean;
  perturb: boolean;
  perturbKinds: PerturbKind[];
  perturbGroups: Group[];
  heldOutDetail: boolean;
}

function parseArgs(argv: readonly string[]): Options {
  const o: Options = {
    only: [],
    kinds: [...PLANT_KINDS],
    plants: 2,
    cap: 24,
    seed: 20261201,
    json: join(import.meta.dirname, '..', 'out', 'judgment', 'results.json'),
    noPlants: false,
    perturb: false,
    perturbKinds: [...PERTURB_KINDS],
    perturbGroups: ['tuned'],
    heldOutDetail: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--only') o.only.push(next());
    else if (a === '--kinds') {
      const ks = next().split(',');
      for (const k of ks)
        if (!(PLANT_KINDS as readonly string[]).includes(k))
          throw new Error(`unknown kind ${k}; kinds: ${PLANT_KINDS.join(',')}`);
      o.kinds = ks as PlantKind[];
    } else if (a === '--plants') o.plants = Number(next());
    else if (a === '--cap') o.cap = Number(next());
    else if (a === '--seed') o.seed = Number(next());
    else if (a === '--json') o.json = next();
    else if (a === '--no-plants') o.noPlants = true;
    else if (a === '--perturb') o.perturb = true;
    else if (a === '--held-out-detail') o.heldOutDetail = true;
    else if (a === '--perturb-kinds') {
      const ks = next().split(',');
      for (const k of ks)
        if (!(PERTURB_KINDS as readonly string[]).includes(k))
          throw new Error(`unknown perturbation ${k}; kinds: ${PERTURB_KINDS.join(',')}`);
      o.perturbKinds = ks as PerturbKind[];
      o.perturb = true;
    } else if (a === '--perturb-group') {
      const g = next();
      if (g !== 'tuned' && g !== 'held_out') throw new Error(`--perturb-group tuned|held_out, not ${g}`);
      o.perturbGroups = [g];
      o.perturb = true;
    } else throw new Error(`unknown option ${a}`);
  }
  return o;
}

const GROUPS: readonly Group[] = ['tuned', 'held_out'];

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  if (!hasShared(['corpus'])) {
    console.log(`bench:judgment skipped: ${CORPUS_DIR} is absent`);
    return;
  }
  const answers = loadAnswers();
  const docs = CORPUS_DOCS.filter((d) => opts.only.length === 0 || opts.only.some((s) => d.path.includes(s)));
  const reports: DocReport[] = [];
  const outcomes: PlantOutcome[] = [];
  const perturbed: PerturbOutcome[] = [];
  const started = performance.now();
  const planted = new Map<string, number>();
  // Visit documents in a seeded random order: the per-kind caps then sample the whole group, not its first folder.
  for (const doc of shuffle(docs, seededRng(opts.seed))) {
    if (doc.scan) continue;
    if (!hasShared(['corpus', ...doc.path.split('/')])) {
      console.error(`absent: ${doc.path}`);
      continue;
    }
    const t0 = performance.now();
    const loaded = await loadDoc(doc);
    const base = await runPipeline(loaded);
    const seconds = (performance.now() - t0) / 1000;
    if (!base.source.sha256.startsWith(doc.sha))
      console.error(`sha differs: ${doc.path} ${base.source.sha256.slice(0, 16)} ≠ ${doc.sha}`);
    const rep = reportDoc(doc, base, answers.get(doc.path), seconds);
    reports.push(rep);
    if (!opts.noPlants) {
      const g = groupOf(doc.path);
      const quota = (k: PlantKind): number =>
        Math.min(opts.plants, opts.cap - (planted.get(`${k}|${g}`) ?? 0));
      const os = await runPlants(loaded, base, opts.kinds, quota, opts.seed);
      for (const o of os)
        if (!o.notPlantable) planted.set(`${o.kind}|${g}`, (planted.get(`${o.kind}|${g}`) ?? 0) + 1);
      outcomes.push(...os);
    }
    if (opts.perturb && opts.perturbGroups.includes(groupOf(doc.path)))
      perturbed.push(...(await runPerturbations(loaded, base, opts.perturbKinds, opts.seed)));
    process.stderr.write(
      shown(doc.path, opts)
        ? `${shortName(doc.path)}  ${seconds.toFixed(1)} s  errors ${rep.errors}\n`
        : `(held-out document)  ${seconds.toFixed(1)} s\n`,
    );
  }
  reports.sort((a, b) => docs.findIndex((d) => d.path === a.path) - docs.findIndex((d) => d.path === b.path));
  const text = [
    unalteredSection(reports, opts),
    errorListSection(reports, opts),
    patternSection(reports, opts),
    opts.noPlants ? '' : plantSection(outcomes, opts),
    summarySection(reports, outcomes, opts),
    opts.perturb ? perturbSection(reports, perturbed, opts.perturbKinds, opts.perturbGroups) : '',
    `run: ${reports.length} documents, ${outcomes.length} plants, ${perturbed.filter((p) => !p.notPerturbable).length} perturbed runs, ${((performance.now() - started) / 1000).toFixed(0)} s`,
  ]
    .filter(Boolean)
    .join('\n\n');
  console.log(text);
  mkdirSync(dirname(opts.json), { recursive: true });
  writeFileSync(
    opts.json,
    JSON.stringify({ reports, outcomes: outcomes.map(stripOutcome), perturbed }, null, 1),
  );
}

/** Whether a document's own lines may be printed: always for the tuned group, for held-out only when asked. */
function shown(path: string, opts: Options): boolean {
  return opts.heldOutDetail || groupOf(path) !== 'held_out';
}

function stripOutcome(o: PlantOutcome): object {
  return o;
}

function unalteredSection(reports: readonly DocReport[], opts: Options): string {
  const out: string[] = ['== A. Unaltered corpus (OCR off; scans skipped) =='];
  for (const g of GROUPS) {
    const rs = reports.filter((r) => r.group === g);
    if (rs.length === 0) continue;
    out.push(`-- ${g} (${rs.length} documents) --`);
    out.push(
      table(
        [
          'document',
          '>pp',
          'kind expected',
          'kind found',
          '>tables',
          '>fin',
          '>unk',
          '>err',
          '>warn',
          '>info',
          '>parse',
          '>true',
          '>false',
          'answer',
        ],
        [
          ...rs
            .filter((r) => shown(r.path, opts))
            .map((r) => [
              shortName(r.path),
              String(r.pages),
              r.kindExpected,
              r.kindRight ? 'ok' : r.kindFound,
              String(r.tables),
              String(r.financeTables),
              String(r.financeUnknown),
              String(r.errors),
              String(r.warnings),
              String(r.infos),
              String(r.parseErrors),
              String(r.trueErrors),
              String(r.falseErrors),
              r.answered
                ? `${r.faultsListed} fault(s)${r.faultsMissed.length ? `, ${r.faultsMissed.length} missed` : ''}`
                : 'NONE',
            ]),
          totalsRow(rs),
        ],
      ),
    );
  }
  return out.join('\n');
}

function sum(rs: readonly DocReport[], f: (r: DocReport) => number): number {
  return rs.reduce((s, r) => s + f(r), 0);
}

function totalsRow(rs: readonly DocReport[]): string[] {
  return [
    'TOTAL',
    String(sum(rs, (r) => r.pages)),
    '',
    `${rs.filter((r) => r.kindRight).length}/${rs.length} right`,
    String(sum(rs, (r) => r.tables)),
    String(sum(rs, (r) => r.financeTables)),
    `${sum(rs, (r) => r.financeUnknown)} (${pct(
      sum(rs, (r) => r.financeUnknown),
      sum(rs, (r) => r.financeTables),
    )})`,
    String(sum(rs, (r) => r.errors)),
    String(sum(rs, (r) => r.warnings)),
    String(sum(rs, (r) => r.infos)),
    String(sum(rs, (r) => r.parseErrors)),
    String(sum(rs, (r) => r.trueErrors)),
    String(sum(rs, (r) => r.falseErrors)),
    `${rs.filter((r) => r.answered).length}/${rs.length} answered`,
  ];
}

function errorListSection(reports: readonly DocReport[], opts: Options): string {
  const out: string[] = ['== A. Every error-level anomaly on the unaltered corpus, with its verdict =='];
  if (!opts.heldOutDetail) out.push('(held-out documents hidden: --held-out-detail shows them)');
  for (const r of reports.filter((x) => shown(x.path, opts))) {
    if (r.errorList.length === 0 && r.faultsMissed.length === 0) continue;
    out.push(
      `-- ${r.path} [${r.group}] ${r.errors} error(s): ${r.trueErrors} real, ${r.falseErrors} false --`,
    );
    for (const e of r.errorList)
      out.push(
        `  ${e.verdict === 'real' ? 'REAL ' : 'false'} p${e.page ?? '?'} ${e.key} found=${e.found} expected=${e.expected} · ${e.message.slice(0, 110)}`,
      );
    for (const f of r.faultsMissed)
      out.push(
        `  MISSED real fault: ${f.rule} ${f.table ?? f.title ?? ''} ${f.row ?? ''} ${f.column ?? ''} (${f.note.slice(0, 80)})`,
      );
  }
  return out.join('\n');
}

function patternSection(reports: readonly DocReport[], opts: Options): string {
  const out: string[] = ['== A. False errors: top documents and the patterns behind them =='];
  for (const g of GROUPS.filter((x) => x !== 'held_out' || opts.heldOutDetail)) {
    const rs = reports
      .filter((r) => r.group === g && r.falseErrors > 0)
      .sort((a, b) => b.falseErrors - a.falseErrors);
    out.push(`-- ${g}: top documents by false errors --`);
    out.push(
      table(
        ['document', '>false', 'main pattern'],
        rs
          .slice(0, 12)
          .map((r) => [shortName(r.path, 40), String(r.falseErrors), topPatterns([r], 1)[0]?.[0] ?? '']),
      ),
    );
    out.push(`-- ${g}: false-error patterns (rule, table, message shape) --`);
    out.push(
      table(
        ['>count', '>docs', 'pattern'],
        topPatterns(rs, 20).map(([p, n, d]) => [String(n), String(d), p]),
      ),
    );
  }
  return out.join('\n');
}

function topPatterns(rs: readonly DocReport[], n: number): [string, number, number][] {
  const counts = new Map<string, { n: number; docs: Set<string> }>();
  for (const r of rs)
    for (const e of r.errorList) {
      if (e.verdict !== 'false') continue;
      const p = pattern(e);
      const c = counts.get(p) ?? { n: 0, docs: new Set() };
      c.n++;
      c.docs.add(r.path);
      counts.set(p, c);
    }
  return [...counts]
    .sort((a, b) => b[1].n - a[1].n)
    .slice(0, n)
    .map(([p, c]) => [p, c.n, c.docs.size]);
}

function plantSection(outcomes: readonly PlantOutcome[], opts: Options): string {
  const out: string[] = ['== B. Planted faults: recall per kind (flagged / planted) =='];
  const rows: string[][] = [];
  for (const k of opts.kinds) {
    const row: string[] = [k];
    for (const g of GROUPS) {
      const os = outcomes.filter((o) => o.kind === k && groupOf(o.path) === g && !o.notPlantable);
      const flagged = os.filter((o) => o.flagged).length;
      row.push(os.length === 0 ? '-' : `${flagged}/${os.length} ${pct(flagged, os.length)}`);
      // Narrative kinds: recall over the plants the unaltered document lets anyone check (plants.ts, README).
      const ck = os.filter((o) => o.checkable === true);
      const ckFlagged = ck.filter((o) => o.flagged).length;
      row.push(
        os.some((o) => o.checkable !== undefined)
          ? `${ckFlagged}/${ck.length} ${pct(ckFlagged, ck.length)}`
          : '-',
      );
      row.push(String(os.reduce((s, o) => s + o.falseNew.length, 0)));
    }
    const na = outcomes.filter((o) => o.kind === k && o.notPlantable).length;
    row.push(String(na));
    rows.push(row);
  }
  out.push(
    table(
      [
        'kind',
        '>tuned recall',
        '>tuned checkable',
        '>tuned false new',
        '>held-out recall',
        '>held-out checkable',
        '>held-out false new',
        '>docs w/o site',
      ],
      rows,
    ),
  );
  const split = outcomes.filter((o) => o.kind === 'split_table' && !o.notPlantable);
  if (split.length) {
    out.push(
      'split_table: "flagged" = checks kept (identities of the unsplit document all still evaluated) and no new false error',
    );
    for (const g of GROUPS) {
      const os = split.filter((o) => groupOf(o.path) === g);
      if (os.length === 0) continue;
      const kept = os.reduce((s, o) => s + (o.checksKept ?? 0), 0);
      const before = os.reduce((s, o) => s + (o.checksBefore ?? 0), 0);
      out.push(
        `  ${g}: identities of the split tables kept ${kept}/${before} (${pct(kept, before)}); plants with every check kept ${os.filter((o) => o.checksKept === o.checksBefore).length}/${os.length}`,
      );
    }
  }
  out.push('-- missed plants (first 40) --');
  for (const o of outcomes.filter((x) => !x.flagged && !x.notPlantable && shown(x.path, opts)).slice(0, 40))
    out.push(
      `  ${o.kind} ${shortName(o.path)} · ${o.description}${o.why ? ` · ${o.why}` : ''}${o.checkable === false ? ` · not checkable: ${o.checkableWhy ?? ''}` : ''}`,
    );
  out.push('-- false new anomalies a plant caused elsewhere (first 30) --');
  for (const o of outcomes.filter((x) => x.falseNew.length > 0 && shown(x.path, opts)).slice(0, 30))
    out.push(
      `  ${o.kind} ${shortName(o.path)} · ${o.description} → ${o.falseNew.slice(0, 3).join(' ; ')}${o.falseNew.length > 3 ? ` (+${o.falseNew.length - 3})` : ''}`,
    );
  return out.join('\n');
}

function summarySection(
  reports: readonly DocReport[],
  outcomes: readonly PlantOutcome[],
  opts: Options,
): string {
  const out: string[] = ['== C. Targets =='];
  const rows: string[][] = [];
  const mark = (ok: boolean): string => (ok ? 'PASS' : 'MISS');
  for (const g of GROUPS) {
    const rs = reports.filter((r) => r.group === g);
    if (rs.length === 0) continue;
    const falses = rs.map((r) => r.falseErrors);
    const maxFalse = Math.max(...falses);
    const over = rs.filter((r) => r.falseErrors > 1).length;
    rows.push([
      g,
      'false errors per document <= 1',
      `max ${maxFalse}, ${over}/${rs.length} docs over`,
      mark(over === 0),
    ]);
    rows.push([g, 'false errors per document: median 0', String(median(falses)), mark(median(falses) === 0)]);
    const parse = sum(rs, (r) => r.parseOnText);
    rows.push([
      g,
      'no parse_error on header/label text',
      `${parse} on text (of ${sum(rs, (r) => r.parseErrors)} parse_error)`,
      mark(parse === 0),
    ]);
    const unk = sum(rs, (r) => r.financeUnknown);
    const fin = sum(rs, (r) => r.financeTables);
    rows.push([
      g,
      'finance tables unknown <= 10%',
      `${unk}/${fin} ${pct(unk, fin)}`,
      mark(fin === 0 || unk / fin <= 0.1),
    ]);
    const listed = sum(rs, (r) => r.faultsListed);
    const caught = listed - sum(rs, (r) => r.faultsMissed.length);
    rows.push([
      g,
      'real faults (answer files) caught by an error or warning',
      `${caught}/${listed}`,
      listed ? mark(caught === listed) : '-',
    ]);
    const right = rs.filter((r) => r.kindRight).length;
    rows.push([
      g,
      'document kind right >= 95%',
      `${right}/${rs.length} ${pct(right, rs.length)}`,
      mark(right / rs.length >= 0.95),
    ]);
    if (!opts.noPlants)
      for (const k of opts.kinds) {
        const os = outcomes.filter((o) => o.kind === k && groupOf(o.path) === g && !o.notPlantable);
        const f = os.filter((o) => o.flagged).length;
        const ck = os.filter((o) => o.checkable === true);
        const ckNote = os.some((o) => o.checkable !== undefined)
          ? ` (checkable ${ck.filter((o) => o.flagged).length}/${ck.length})`
          : '';
        rows.push([
          g,
          `recall ${k} >= 95%`,
          os.length ? `${f}/${os.length} ${pct(f, os.length)}${ckNote}` : 'none planted',
          os.length ? mark(f / os.length >= 0.95) : '-',
        ]);
      }
  }
  out.push(table(['group', 'target', '>figure', 'verdict'], rows));
  return out.join('\n');
}

await main();
