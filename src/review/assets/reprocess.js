// The document page's re-extraction button: runs the document through the pipeline again (after an upgrade),
// keeping every reviewer correction at its stable cell, and lists the corrections whose cell is gone.
import { el, api, fmt } from './common.js';

const $ = (id) => document.getElementById(id);
const KIND = { accept: '采纳建议', edit: '手工修改', dismiss: '标记误报' };

function where(c) {
  const a = (c.anchor && (c.anchor.cell || c.anchor.anomaly)) || null;
  if (a)
    return [a.title || a.family, `${a.code ? `${a.code} ` : ''}${a.label || ''}`.trim(), a.column]
      .filter(Boolean)
      .join(' / ');
  return [c.table, c.row, c.column].filter(Boolean).join(' / ');
}

function start() {
  const sha = new URLSearchParams(location.search).get('sha') || '';
  if (!/^[0-9a-f]{64}$/.test(sha)) return;
  const box = $('reprocess');
  const result = el('p', { class: 'result', role: 'status' });
  const button = el(
    'button',
    {
      type: 'button',
      id: 'reprocess-button',
      title: '升级后用新版本重新提取本文档；审核人的修改按稳定位置（表、行编码或名称、列）保留',
    },
    '重新提取（保留修改）',
  );
  box.replaceChildren(button, result);
  box.hidden = false;
  button.addEventListener('click', async () => {
    button.disabled = true;
    box.setAttribute('aria-busy', 'true');
    result.className = 'result';
    result.textContent = '正在重新提取……';
    box.querySelector('.orphans')?.remove();
    try {
      const { status, body } = await api('POST', `/api/documents/${sha}/reprocess`);
      if (status !== 200) throw new Error(body.error || `HTTP ${status}`);
      const a = body.anomalies || {};
      result.replaceChildren(
        `重新提取完成（${(body.ms / 1000).toFixed(1)} 秒）：重新应用修改 ${body.reapplied} 条；异常 错误 ${a.error ?? 0}、警告 ${a.warning ?? 0}、提示 ${a.info ?? 0}；`,
        body.orphaned.length
          ? `${body.orphaned.length} 条修改对应的单元格已不存在（保留在记录中，未应用）。`
          : '没有失去对应单元格的修改。',
        ' ',
        el('a', { href: location.href, id: 'reprocess-reload' }, '刷新页面'),
      );
      if (body.orphaned.length) {
        box.append(
          el(
            'ul',
            { class: 'orphans' },
            ...body.orphaned.map((c) =>
              el(
                'li',
                { dataset: { id: String(c.id) } },
                `#${c.id} ${KIND[c.kind] || c.kind} · ${where(c)}：${c.kind === 'dismiss' ? c.anomalyId || '' : `${fmt(c.oldValue)} → ${fmt(c.newValue)}`}（${c.reviewer}，${c.reason}）`,
              ),
            ),
          ),
        );
      }
    } catch (e) {
      result.className = 'result error';
      result.textContent = `重新提取失败：${e.message}`;
    } finally {
      button.disabled = false;
      box.setAttribute('aria-busy', 'false');
    }
  });
}

start();
