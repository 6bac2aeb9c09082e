/** Keeps the picture in README true: layers import only downward. */
const lower = '^src/(model|util)/';
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'model-is-the-bottom',
      comment: 'The model is the vocabulary; it imports nothing of ours but util.',
      severity: 'error',
      from: { path: '^src/model/' },
      to: { path: '^src/', pathNot: lower },
    },
    {
      name: 'stages-do-no-orchestration',
      comment: 'readers, tables, normalize and validate never know about the pipeline, store, queue, runner, review or cli.',
      severity: 'error',
      from: { path: '^src/(readers|tables|normalize|validate)/' },
      to: { path: '^src/(pipeline|store|queue|runner|review|cli)/' },
    },
    {
      name: 'pipeline-is-pure',
      comment: 'The pipeline composes stages; it never touches the store, queue or runner.',
      severity: 'error',
      from: { path: '^src/pipeline/' },
      to: { path: '^src/(store|queue|runner|review|cli)/' },
    },
    {
      name: 'store-knows-only-the-model',
      severity: 'error',
      from: { path: '^src/store/' },
      to: { path: '^src/(readers|tables|pipeline|queue|runner|review|cli)/' },
    },
    {
      name: 'only-queue-imports-bullmq',
      severity: 'error',
      from: { pathNot: '^src/queue/' },
      to: { path: 'node_modules/(bullmq|ioredis)/' },
    },
    {
      name: 'only-store-writes-sql',
      severity: 'error',
      from: { pathNot: '^src/store/' },
      to: { path: 'node_modules/better-sqlite3/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '\\.test\\.ts$' },
  },
};
