// One department across years: its documents by year with the evidence that links each to it, the key figures side
// by side, its cross_year anomalies with both figures, and merge / split. Without ?id=, every department.
import { el, api, getSession, SEVERITY, STATE, RULES, UNITS, fmt, fileName } from './common.js';
import { bulkFlow, openBadges, progressOf } from './bulk.js';

const $ = (id) => document.getElementById(id);
const KINDS = { final_accounts: '部门决算', budget: '部门预算', performance_targets: '绩效目标', self_evaluation: '绩效自评', unknown: '未识别' };
const MATCHED = { new: '首次出现的名称', key: '名称规范化后相同', manual: '审核人手工指定' };
const docLabel = (d) => `${d.year ?? '年度不明'} 年${d.kind ? ` ${KINDS[d.kind] || d.kind}` : ''}`;

async function listAll(main) {
  const { departments } = await api('GET', '/api/departments');
  main.replaceChildren(
    el('h2', {}, '部门'),
    el('p', { class: 'summary' }, `共 ${departments.length} 个部门。点击部门查看其各年度文档、主要数字对比与跨年度异常。`),
    el(
      'table',
      { class: 'dept-list' },
      el('thead', {}, el('tr', {}, el('th', {}, '部门'), el('th', {}, '名称（规范化）'), el('th', {}, '文档'), el('th', {}, '年度'))),
      el(
        'tbody',
        {},
        ...departments.map((d) =>
          el('tr', {}, el('th', { scope: 'row' }, el('a', { href: `/department?id=${d.id}` }, d.name)), el('td', {}, d.keys.join('、')), el('td', {}, String(d.documents)), el('td', {}, d.years.join('、'))),
        ),
      ),
    ),
  );
}

function evidenceText(e) {
  const parts = [`印刷名称「${e.printed}」`, `规范化为「${e.key}」`];
  if (e.steps.length) parts.push(`步骤：${e.steps.join('；')}`);
  parts.push(MATCHED[e.matched] || e.matched);
  const FROM = { cover: '封面', heading: '标题', table_title: '表名', table_header: '表头', text: '正文', file_name: '文件名' };
  if (e.meta && e.meta.length) parts.push(`文档依据：${e.meta.map((m) => `${FROM[m.from] || m.from}「${m.text}」`).join('；')}`);
  return parts.join(' · ');
}

async function showOne(main, id) {
  const [data, all] = await Promise.all([api('GET', `/api/departments/${id}`), api('GET', '/api/departments')]);
  const d = data.department;
  document.title = `${d.name} · tally 审核`;
  const notice = el('p', { id: 'dept-notice', class: 'notice', role: 'status' });
  main.replaceChildren(
    el('h2', {}, d.name),
    el('p', { class: 'where' }, `部门编号 ${d.id} · 已知名称：${d.keys.join('、')} · `, el('a', { href: `/documents?department=${d.id}` }, '在文档列表中查看')),
    notice,
  );

  // Documents by year, with the evidence linking each.
  const split = new Set();
  const splitName = el('input', { type: 'text', id: 'split-name', maxlength: '200', placeholder: '新部门名称', value: '' });
  const splitBtn = el('button', { type: 'button', id: 'split-go', disabled: true }, '把勾选的文档拆分为新部门');
  main.append(
    el('h3', {}, '各年度文档'),
    el(
      'table',
      { class: 'dept-docs' },
      el('thead', {}, el('tr', {}, el('th', {}, '拆分'), el('th', {}, '年度 · 类型'), el('th', {}, '文件'), el('th', {}, '归属依据'), el('th', {}, '待审核'), el('th', {}, '审核进度'))),
      el(
        'tbody',
        {},
        ...d.documents.map((doc) => {
          const y = data.years.find((x) => x.sha256 === doc.sha256);
          const box = el('input', { type: 'checkbox', 'aria-label': `拆分 ${fileName(doc.path)}`, dataset: { sha: doc.sha256 } });
          box.addEventListener('change', () => {
            if (box.checked) split.add(doc.sha256);
            else split.delete(doc.sha256);
            splitBtn.disabled = split.size === 0 || split.size === d.documents.length;
          });
          return el(
            'tr',
            { dataset: { sha: doc.sha256 } },
            el('td', {}, box),
            el('td', {}, docLabel(doc)),
            el('td', {}, el('a', { href: `/document?sha=${doc.sha256}` }, fileName(doc.path))),
            el('td', { class: 'evidence' }, evidenceText(doc.evidence)),
            el('td', {}, y ? [String(y.counts.open), ' ', ...openBadges(y.counts)] : ''),
            el('td', {}, y ? progressOf(y.counts.reviewed, y.counts.total) : ''),
          );
        }),
      ),
    ),
    el('div', { class: 'split-form' }, splitName, splitBtn, el('span', { class: 'hint' }, '名称相同但不是同一部门的文档，可勾选后拆分出去（手工指定，重新提取时保留）。')),
  );
  splitBtn.addEventListener('click', async () => {
    const name = splitName.value.trim();
    if (!name) {
      splitName.focus();
      return;
    }
    const n = split.size;
    splitBtn.disabled = true;
    try {
      const res = await api('POST', '/api/departments/split', { sha256s: [...split], name });
      location.href = `/department?id=${res.body.department.id}&from=${d.id}&split=${n}`;
    } catch (e) {
      notice.textContent = e.message;
      notice.className = 'notice error';
    }
  });

  // Key figures side by side, in 万元.
  const years = data.years.filter((y) => y.figures.length > 0);
  if (years.length) {
    const rows = [];
    for (const f of years.flatMap((y) => y.figures)) if (!rows.some((r) => r.row === f.row)) rows.push({ row: f.row, label: f.label });
    main.append(
      el('h3', {}, '主要数字（万元，收入支出决算总表 / 收支预算总表）'),
      el(
        'div',
        { class: 'table-scroll' },
        el(
          'table',
          { class: 'key-figures' },
          el('thead', {}, el('tr', {}, el('th', {}, '项目'), ...years.map((y) => el('th', {}, el('a', { href: `/document?sha=${y.sha256}` }, docLabel(y)))))),
          el(
            'tbody',
            {},
            ...rows.map((r) =>
              el(
                'tr',
                { dataset: { row: r.row } },
                el('th', { scope: 'row' }, r.label),
                ...years.map((y) => {
                  const f = y.figures.find((x) => x.row === r.row);
                  if (!f) return el('td', {}, '—');
                  const printed = `${f.raw}${f.unit ? ` ${UNITS[f.unit]}` : ''}${f.page ? ` · 第 ${f.page} 页` : ''}${f.corrected ? ' · 已修正' : ''}`;
                  return el('td', { class: f.corrected ? 'corrected' : '', title: `原文：${printed}` }, fmt(f.wan));
                }),
              ),
            ),
          ),
        ),
      ),
    );
  }

  // Cross-year anomalies with both figures.
  main.append(el('h3', {}, `跨年度异常（${data.crossYear.length} 条）`));
  if (data.crossYear.length === 0) main.append(el('p', { class: 'hint' }, '没有跨年度异常：相邻年度的文档之间年初 / 年末结转和结余一致，主要数字无大幅变动（或只有一个年度）。'));
  else {
    const docOf = (sha) => d.documents.find((x) => x.sha256 === sha);
    main.append(
      el(
        'table',
        { class: 'cross-year' },
        el('thead', {}, el('tr', {}, el('th', {}, '严重程度'), el('th', {}, '状态'), el('th', {}, '本文档'), el('th', {}, '本年数字'), el('th', {}, '对照文档'), el('th', {}, '对照数字'), el('th', {}, '差额'), el('th', {}, '说明'))),
        el(
          'tbody',
          {},
          ...data.crossYear.map((x) => {
            const me = docOf(x.sha256);
            const other = x.otherSha256 ? docOf(x.otherSha256) : undefined;
            const unit = x.unit ? UNITS[x.unit] : '';
            return el(
              'tr',
              { class: `sev-${x.severity} state-${x.state}`, dataset: { id: x.id } },
              el('td', {}, el('span', { class: `badge sev-${x.severity}` }, SEVERITY[x.severity])),
              el('td', {}, STATE[x.state]),
              el('td', {}, me ? el('a', { href: `/document?sha=${x.sha256}` }, docLabel(me)) : x.sha256.slice(0, 12)),
              el('td', { class: 'num found' }, `${fmt(x.found)} ${unit}`),
              el('td', {}, other ? el('a', { href: `/document?sha=${other.sha256}` }, docLabel(other)) : `${x.otherPrefix}…（不在本部门）`),
              el('td', { class: 'num expected' }, `${fmt(x.expected)} ${unit}`),
              el('td', { class: 'num' }, fmt(x.difference)),
              el('td', {}, el('a', { href: `/#${x.sha256}/${encodeURIComponent(x.id)}` }, x.message)),
            );
          }),
        ),
      ),
    );
  }

  // Dismiss one rule over the department's documents (every year), after the count is confirmed.
  const rule = el('select', { id: 'dept-rule', 'aria-label': '规则' }, el('option', { value: '' }, '选择规则'), ...Object.entries(RULES).map(([k, v]) => el('option', { value: k }, v.split('：')[0])));
  const go = el('button', { type: 'button', id: 'dept-dismiss' }, '本部门此规则全部标记误报');
  const out = el('div', { class: 'bulk-host' });
  go.addEventListener('click', () => {
    if (!rule.value) return rule.focus();
    void bulkFlow(out, { action: 'dismiss_rule', rule: rule.value, departmentId: d.id }, { scope: d.name, needNote: true });
  });
  main.append(el('h3', {}, '批量处理'), el('div', { class: 'dept-bulk' }, rule, go, out));

  // Merge another department into this one, with its evidence shown before confirming.
  const others = all.departments.filter((x) => x.id !== d.id);
  if (others.length) {
    const pick = el('select', { id: 'merge-pick' }, el('option', { value: '' }, '选择要并入本部门的部门'), ...others.map((o) => el('option', { value: String(o.id) }, `${o.name}（${o.documents} 份，${o.years.join('、') || '年度不明'}）`)));
    const evidence = el('div', { id: 'merge-evidence', class: 'merge-evidence' });
    main.append(el('h3', {}, '合并部门'), el('p', { class: 'hint' }, '同一部门在不同年度用了不同名称时，把另一个部门并入本部门：其文档和名称都归入本部门，以后出现这些名称的文档也归入本部门，跨年度检查随即重新运行。'), pick, evidence);
    pick.addEventListener('change', async () => {
      evidence.replaceChildren();
      if (!pick.value) return;
      const o = (await api('GET', `/api/departments/${pick.value}`)).department;
      const go = el('button', { type: 'button', id: 'merge-go', class: 'primary' }, `确认把「${o.name}」并入「${d.name}」`);
      evidence.append(
        el('p', {}, `「${o.name}」的名称：${o.keys.join('、')}；本部门的名称：${d.keys.join('、')}。`),
        el('ul', {}, ...o.documents.map((x) => el('li', {}, `${docLabel(x)} · ${fileName(x.path)} · ${evidenceText(x.evidence)}`))),
        go,
      );
      go.addEventListener('click', async () => {
        go.disabled = true;
        try {
          await api('POST', '/api/departments/merge', { into: d.id, from: [o.id] });
          location.href = `/department?id=${d.id}&merged=${o.id}`;
        } catch (e) {
          notice.textContent = e.message;
          notice.className = 'notice error';
        }
      });
    });
  }

  if (data.history.length) {
    main.append(
      el('h3', {}, '合并 / 拆分记录'),
      el('ul', { class: 'history' }, ...data.history.map((h) => el('li', {}, `${h.at.replace('T', ' ').slice(0, 19)} ${h.reviewer}：${h.kind === 'merge' ? '合并' : '拆分'} ${JSON.stringify(h.detail)}`))),
    );
  }
  const p = new URLSearchParams(location.search);
  if (p.get('merged')) notice.textContent = '已合并，跨年度检查已重新运行。';
  if (p.get('split')) notice.textContent = `已拆分 ${p.get('split')} 份文档为新部门。`;
}

async function start() {
  const session = await getSession();
  $('reviewer').textContent = session.reviewer;
  const main = $('department');
  const id = new URLSearchParams(location.search).get('id');
  if (id === null) await listAll(main);
  else if (!/^\d{1,15}$/.test(id)) throw new Error('地址中的部门编号无效');
  else await showOne(main, id);
  performance.mark('tally:department-shown');
}

start().catch((e) => {
  $('department').replaceChildren(el('p', { class: 'error' }, `加载失败：${e.message}`));
});
