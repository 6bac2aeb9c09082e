// The document list: every document in the store (done, failed with its reason, queued or processing) with its
// review counts and progress, filtered, sorted and paged by the server. The filters live in the address, so a
// filtered list can be linked to.
import { el, api, getSession, fileName } from './common.js';
import { bulkFlow, openBadges, progressOf } from './bulk.js';

const PAGE_SIZE = 50;
const $ = (id) => document.getElementById(id);

const STATUS = { done: '已完成', failed: '失败', queued: '排队中', processing: '处理中' };
const KINDS = { final_accounts: '部门决算', budget: '部门预算', performance_targets: '绩效目标', self_evaluation: '绩效自评', unknown: '未识别' };

const COLUMNS = [
  { key: 'path', label: '文件', sort: 'path' },
  { key: 'kind', label: '类型', sort: 'kind' },
  { key: 'year', label: '年度', sort: 'year' },
  { key: 'department', label: '部门', sort: 'department' },
  { key: 'pages', label: '页数', sort: 'pages' },
  { key: 'status', label: '状态', sort: 'status' },
  { key: 'open', label: '待审核', sort: 'open' },
  { key: 'reviewed', label: '已审核 / 共', sort: null },
  { key: 'progress', label: '审核进度', sort: 'progress' },
  { key: 'actions', label: '批量操作', sort: null },
];

const FILTERS = ['status', 'year', 'kind', 'department', 'text', 'open', 'sort', 'order'];
const state = { q: {}, offset: 0, page: null };

function readAddress() {
  const p = new URLSearchParams(location.search);
  for (const k of FILTERS) {
    const v = p.get(k);
    if (v !== null && v !== '') state.q[k] = v;
  }
  state.offset = Math.max(0, Number(p.get('offset')) || 0);
}

function query() {
  const q = new URLSearchParams();
  for (const k of FILTERS) if (state.q[k] !== undefined && state.q[k] !== '') q.set(k, state.q[k]);
  if (state.offset > 0) q.set('offset', String(state.offset));
  return q;
}

async function load() {
  const q = query();
  history.replaceState(null, '', `/documents${q.toString() ? `?${q}` : ''}`);
  q.set('limit', String(PAGE_SIZE));
  const [page, stats] = await Promise.all([api('GET', `/api/document-list?${q}`), api('GET', '/api/stats')]);
  state.page = page;
  renderOverall(stats);
  renderFilters();
  renderHead();
  renderRows();
  document.body.dataset.loaded = String(Date.now());
}

function overallText(stats) {
  const a = stats.anomalies;
  const d = stats.documents;
  return [
    `文档 ${d.total} 份（已完成 ${d.done}，失败 ${d.failed}，排队 ${d.queued + d.processing}；无异常 ${d.withoutAnomalies}，已审核完毕 ${d.fullyReviewed}）`,
    `异常 ${a.total} 条：已审核 ${a.reviewed}（已解决 ${a.resolved}，误报 ${a.dismissed}），待审核 ${a.open}（错误 ${a.openBySeverity.error}，警告 ${a.openBySeverity.warning}，提示 ${a.openBySeverity.info}，其中尾数误差说明 ${a.roundingOpen}）`,
  ];
}

function renderOverall(stats) {
  const [docs, anomalies] = overallText(stats);
  $('overall').replaceChildren(
    el('span', { id: 'overall-docs' }, docs),
    el('br'),
    el('span', { id: 'overall-anomalies', dataset: { open: String(stats.anomalies.open), reviewed: String(stats.anomalies.reviewed) } }, anomalies),
    ' ',
    progressOf(stats.anomalies.reviewed, stats.anomalies.total, '全部异常的审核进度'),
  );
}

function renderFilters() {
  const f = state.page.facets;
  const form = $('doc-filters');
  const select = (key, label, values, name) => {
    const s = el('select', { name: key, id: `doc-filter-${key}` }, el('option', { value: '' }, `全部${label}`));
    const chosen = state.q[key] ?? '';
    const listed = values.map((v) => String(v.value));
    if (chosen !== '' && !listed.includes(chosen)) values = [{ value: chosen, count: 0, label: chosen }, ...values];
    for (const v of values) s.append(el('option', { value: v.value, selected: String(v.value) === chosen }, `${name(v)}（${v.count}）`));
    s.addEventListener('change', () => {
      state.q[key] = s.value || undefined;
      state.offset = 0;
      void load();
    });
    return el('label', {}, el('span', {}, label), s);
  };
  const text = el('input', { type: 'search', id: 'doc-filter-text', name: 'text', value: state.q.text ?? '', placeholder: '文件名或部门名称', maxlength: '200' });
  const open = el(
    'select',
    { id: 'doc-filter-open', name: 'open' },
    el('option', { value: '' }, '全部'),
    el('option', { value: 'yes', selected: state.q.open === 'yes' }, '有待审核异常'),
    el('option', { value: 'no', selected: state.q.open === 'no' }, '无待审核异常'),
  );
  open.addEventListener('change', () => {
    state.q.open = open.value || undefined;
    state.offset = 0;
    void load();
  });
  form.replaceChildren(
    select('status', '状态', f.status, (v) => STATUS[v.value] || v.value),
    select('year', '年度', f.year, (v) => `${v.value} 年`),
    select('kind', '类型', f.kind, (v) => KINDS[v.value] || v.value),
    select('department', '部门', f.department, (v) => v.label),
    el('label', {}, el('span', {}, '待审核'), open),
    el('label', { class: 'grow' }, el('span', {}, '查找文件'), text),
    el('button', { type: 'submit' }, '筛选'),
  );
  form.onsubmit = (ev) => {
    ev.preventDefault();
    state.q.text = text.value.trim() || undefined;
    state.offset = 0;
    void load();
  };
}

function renderHead() {
  const sort = state.q.sort ?? 'year';
  const order = state.q.order ?? 'asc';
  $('doc-head').replaceChildren(
    el(
      'tr',
      {},
      ...COLUMNS.map((c) => {
        if (!c.sort) return el('th', { scope: 'col' }, c.label);
        const active = sort === c.sort;
        const b = el('button', { type: 'button', class: 'sort', dataset: { sort: c.sort } }, c.label, active ? (order === 'asc' ? ' ▲' : ' ▼') : '');
        b.addEventListener('click', () => {
          state.q.order = active && order === 'asc' ? 'desc' : 'asc';
          state.q.sort = c.sort;
          state.offset = 0;
          void load();
        });
        return el('th', { scope: 'col', 'aria-sort': active ? (order === 'asc' ? 'ascending' : 'descending') : undefined }, b);
      }),
    ),
  );
}

function renderRows() {
  const { items, total } = state.page;
  $('list-summary').textContent = `符合条件的文档 ${total} 份`;
  $('page-info').textContent = total === 0 ? '' : `${state.offset + 1}–${state.offset + items.length} / ${total}`;
  $('prev-page').disabled = state.offset === 0;
  $('next-page').disabled = state.offset + items.length >= total;
  const rows = items.map((d) => {
    const c = d.counts;
    const bulkHost = el('div', { class: 'bulk-host' });
    const status =
      d.status === 'failed'
        ? el('span', { class: 'status failed', title: d.error || '' }, STATUS.failed, d.error ? el('small', { class: 'reason' }, d.error) : null)
        : el('span', { class: `status ${d.status}` }, d.status === 'done' && d.resultStatus === 'partial' ? '已完成（部分）' : STATUS[d.status] || d.status);
    const dept = d.departmentId ? el('a', { href: `/department?id=${d.departmentId}` }, d.departmentName || d.department || '') : d.department || '—';
    const actions = [];
    if (c.roundingOpen > 0) {
      const b = el('button', { type: 'button', class: 'bulk-rounding', title: '把本文档全部尾数误差提示一并确认为原值无误' }, `确认尾数说明（${c.roundingOpen}）`);
      b.addEventListener('click', () => void bulkFlow(bulkHost, { action: 'accept_rounding', sha256: d.sha256 }, { scope: fileName(d.path), onChange: () => load() }));
      actions.push(b);
    }
    return el(
      'tr',
      { class: `doc-row status-${d.status}${c.total === 0 && d.status === 'done' ? ' no-anomalies' : ''}`, dataset: { sha: d.sha256, open: String(c.open), total: String(c.total) } },
      el('td', { class: 'file' }, el('a', { href: `/document?sha=${d.sha256}` }, fileName(d.path) || d.sha256.slice(0, 12)), el('small', { class: 'path' }, d.path)),
      el('td', {}, d.kind ? KINDS[d.kind] || d.kind : '—'),
      el('td', {}, d.year ? String(d.year) : '—'),
      el('td', {}, dept),
      el('td', {}, d.pages === null ? '—' : String(d.pages)),
      el('td', {}, status),
      el('td', { class: 'open-cell' }, d.status !== 'done' ? '—' : c.open === 0 ? (c.total === 0 ? el('span', { class: 'none' }, '无异常') : '0') : [String(c.open), ' ', ...openBadges(c)]),
      el('td', { class: 'reviewed-cell' }, d.status === 'done' ? `${c.reviewed} / ${c.total}` : '—'),
      el('td', {}, d.status === 'done' ? progressOf(c.reviewed, c.total) : ''),
      el('td', { class: 'actions-cell' }, el('div', { class: 'cell-actions' }, ...actions, c.open > 0 ? el('a', { href: `/#${d.sha256}/`, class: 'to-queue' }, '去审核') : null), bulkHost),
    );
  });
  $('doc-rows').replaceChildren(...(rows.length ? rows : [el('tr', {}, el('td', { colspan: String(COLUMNS.length), class: 'empty' }, '没有符合条件的文档。'))]));
}

async function start() {
  const session = await getSession();
  $('reviewer').textContent = session.reviewer;
  readAddress();
  $('prev-page').addEventListener('click', () => {
    state.offset = Math.max(0, state.offset - PAGE_SIZE);
    void load();
  });
  $('next-page').addEventListener('click', () => {
    state.offset += PAGE_SIZE;
    void load();
  });
  await load();
  performance.mark('tally:documents-shown');
}

start().catch((e) => {
  $('doc-rows').replaceChildren(el('tr', {}, el('td', { class: 'error' }, `加载失败：${e.message}`)));
});
