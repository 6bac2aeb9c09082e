// Uploads: drop files anywhere on the page (or pick them), one request per file so each has its own progress
// bar, then follow each upload's status on the server until it is done, failed or refused.
/* global XMLHttpRequest */
import { el, getSession } from './common.js';

const STATUS = {
  uploading: '上传中',
  received: '接收中',
  queued: '排队等待处理',
  processing: '正在提取',
  done: '已完成',
  failed: '失败',
  duplicate: '重复，未重新提取',
  rejected: '已拒收',
};
const FINAL = new Set(['done', 'failed', 'duplicate', 'rejected']);
/** Files sent at once. */
const PARALLEL = 2;

const $ = (id) => document.getElementById(id);
/** Files of this page not answered yet: local id → { name, size, loaded, status, reason }. */
const local = new Map();
let server = [];
let maxFileBytes = null;
let nextLocal = 1;
const waiting = [];
let sending = 0;
let timer = null;
/** Upload ids seen done, so a newly finished one offers to refresh the queue. */
const seenDone = new Set();
let firstLoad = true;

const size = (n) =>
  n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.ceil(n / 1024))} KB`;

function open() {
  $('uploads').hidden = false;
  $('upload-toggle').setAttribute('aria-expanded', 'true');
  schedule(0);
}

function toggle() {
  if ($('uploads').hidden) open();
  else {
    $('uploads').hidden = true;
    $('upload-toggle').setAttribute('aria-expanded', 'false');
  }
}

function addFiles(files) {
  if (!files || files.length === 0) return;
  open();
  for (const file of files) {
    const id = nextLocal++;
    const item = { id, name: file.name, size: file.size, loaded: 0, status: 'uploading', reason: null };
    // Refused here already when the server's limit is known: nothing is sent for nothing.
    if (maxFileBytes !== null && file.size > maxFileBytes) {
      item.status = 'rejected';
      item.reason = `文件过大：${size(file.size)}，上限 ${size(maxFileBytes)}`;
    } else if (file.size === 0) {
      item.status = 'rejected';
      item.reason = '文件为空';
    } else waiting.push({ item, file });
    local.set(id, item);
  }
  render();
  pumpSends();
}

function pumpSends() {
  while (sending < PARALLEL && waiting.length > 0) {
    const next = waiting.shift();
    sending++;
    void send(next.item, next.file).finally(() => {
      sending--;
      pumpSends();
    });
  }
}

async function send(item, file) {
  const s = await getSession();
  await new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/documents');
    xhr.responseType = 'json';
    xhr.setRequestHeader('Accept', 'application/json');
    if (s.csrf) xhr.setRequestHeader('X-CSRF-Token', s.csrf);
    xhr.upload.addEventListener('progress', (e) => {
      if (e.lengthComputable) {
        item.loaded = e.loaded;
        item.total = e.total;
        renderItem(item);
      }
    });
    xhr.addEventListener('load', () => {
      const body = xhr.response || {};
      const u = Array.isArray(body.uploads) ? body.uploads[0] : undefined;
      if (xhr.status === 401) location.href = '/login';
      if (u) {
        // The server's record takes over from here.
        local.delete(item.id);
        mergeServer([u]);
      } else {
        item.status = 'rejected';
        item.reason = body.error || `HTTP ${xhr.status}`;
      }
      render();
      schedule(500);
      resolve();
    });
    xhr.addEventListener('error', () => {
      item.status = 'failed';
      item.reason = '网络错误：上传中断';
      render();
      resolve();
    });
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

function mergeServer(list) {
  const byId = new Map(server.map((u) => [u.id, u]));
  for (const u of list) byId.set(u.id, u);
  server = [...byId.values()].sort((a, b) => b.id - a.id).slice(0, 100);
}

async function refresh() {
  const res = await fetch('/api/uploads?limit=50', {
    headers: { Accept: 'application/json' },
    credentials: 'same-origin',
  });
  if (res.status === 401) {
    location.href = '/login';
    return;
  }
  if (!res.ok) return;
  const data = await res.json();
  maxFileBytes = data.maxFileBytes ?? null;
  if (maxFileBytes !== null) $('upload-limit').textContent = size(maxFileBytes);
  server = data.uploads;
  let fresh = false;
  for (const u of server) {
    if (u.status !== 'done' || seenDone.has(u.id)) continue;
    seenDone.add(u.id);
    if (!firstLoad) fresh = true;
  }
  firstLoad = false;
  if (fresh) $('upload-refresh').hidden = false;
  render();
}

/** Poll while something is moving (or the section is open); otherwise rest. */
function schedule(ms) {
  clearTimeout(timer);
  timer = setTimeout(() => {
    refresh()
      .catch(() => undefined)
      .finally(() => {
        const moving = sending > 0 || server.some((u) => !FINAL.has(u.status));
        if (moving) schedule(1000);
        else if (!$('uploads').hidden) schedule(5000);
      });
  }, ms);
}

function statusText(status) {
  return STATUS[status] || status;
}

function renderItem(item) {
  const li = document.querySelector(`li[data-local="${item.id}"]`);
  if (!li) return render();
  const bar = li.querySelector('progress');
  if (bar) {
    bar.max = item.total || item.size || 1;
    bar.value = item.loaded;
  }
  const pct = li.querySelector('.pct');
  if (pct) pct.textContent = `${Math.floor((item.loaded / (item.total || item.size || 1)) * 100)}%`;
}

function render() {
  const list = $('upload-list');
  const rows = [];
  for (const item of [...local.values()].reverse()) {
    rows.push(
      el(
        'li',
        { class: `upload status-${item.status}`, dataset: { local: String(item.id), status: item.status } },
        el('span', { class: 'name' }, item.name),
        el('span', { class: 'size' }, size(item.size)),
        el('span', { class: 'status' }, statusText(item.status)),
        item.status === 'uploading'
          ? el('progress', { max: String(item.size || 1), value: String(item.loaded) })
          : null,
        item.status === 'uploading' ? el('span', { class: 'pct' }, '0%') : null,
        item.reason ? el('p', { class: 'reason' }, item.reason) : null,
      ),
    );
  }
  for (const u of server) {
    const doc = u.document;
    rows.push(
      el(
        'li',
        {
          class: `upload status-${u.status}`,
          dataset: { id: String(u.id), status: u.status, sha: u.sha256 || '' },
        },
        el('span', { class: 'name' }, u.name),
        el('span', { class: 'size' }, size(u.bytes)),
        el('span', { class: 'status' }, statusText(u.status)),
        u.status === 'processing' || u.status === 'queued' ? el('progress', {}) : null,
        doc && doc.status === 'done'
          ? el(
              'span',
              { class: 'doc' },
              [doc.department, doc.year ? `${doc.year} 年` : null].filter(Boolean).join(' · '),
              ' ',
              el(
                'a',
                { href: `/document?sha=${doc.sha256}` },
                `查看文档（待审核异常 ${doc.openAnomalies} 条）`,
              ),
            )
          : null,
        u.reason ? el('p', { class: 'reason' }, u.reason) : null,
      ),
    );
  }
  list.replaceChildren(...rows);
  const active = local.size + server.filter((u) => !FINAL.has(u.status)).length;
  $('upload-summary').textContent = active > 0 ? `（进行中 ${active}）` : '';
}

function start() {
  $('upload-toggle').addEventListener('click', toggle);
  $('upload-input').addEventListener('change', (e) => {
    addFiles(e.target.files);
    e.target.value = '';
  });
  $('upload-refresh').addEventListener('click', () => location.reload());
  // Drop anywhere on the page; the drop zone shows where while files are dragged over.
  let depth = 0;
  const hasFiles = (e) => Array.from(e.dataTransfer?.types || []).includes('Files');
  window.addEventListener('dragenter', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    depth++;
    open();
    $('upload-drop').classList.add('over');
  });
  window.addEventListener('dragover', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  });
  window.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (depth === 0) $('upload-drop').classList.remove('over');
  });
  window.addEventListener('drop', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    depth = 0;
    $('upload-drop').classList.remove('over');
    addFiles(e.dataTransfer.files);
  });
  schedule(0);
}

start();
