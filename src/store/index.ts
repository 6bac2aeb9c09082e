export { openSqliteStore, defaultStorePath } from './sqlite-store.js';
export { CorrectionConflictError, NotFoundError } from './errors.js';
export { DOCUMENT_STATUSES } from './store.js';
export type {
  Store,
  DocumentStatus,
  AnomalyState,
  RegisterInput,
  DocumentRecord,
  DocumentPath,
  DocumentFilter,
  CellFilter,
  StoredAnomaly,
  CorrectionKind,
  CorrectionInput,
  Correction,
  TidyCell,
  RunCounts,
  RunRecord,
  AnomalyReplacement,
  AnomalyQuery,
  QueuedAnomaly,
  FacetCount,
  AnomalyPage,
  SaveReport,
  DepartmentRecord,
  DepartmentDocument,
  DepartmentEvidence,
  CellAnchor,
  CorrectionAnchor,
} from './store.js';
export { departmentKey } from './department-key.js';
export { parseSearchValue, isRoundingNote, KEY_FIGURES } from './review-index.js';
export type {
  ReviewCounts,
  DocumentSort,
  DocumentListQuery,
  DocumentSummary,
  DocumentListPage,
  ScopeFilter,
  ReviewStats,
  SearchBy,
  SearchQuery,
  SearchValue,
  SearchPage,
  AnomalyHit,
  CellHit,
  BulkSelection,
  BulkTarget,
  BulkPreview,
  BulkInput,
  BulkBatch,
  KeyFigure,
  DepartmentYear,
  CrossYearItem,
  DepartmentOverview,
} from './store.js';
export type { DepartmentKey } from './department-key.js';
export { MIGRATIONS } from './schema.js';
export { writeSqliteTables } from './sqlite-export.js';
export type { ExportTable } from './sqlite-export.js';
export { UPLOAD_STATUSES } from './uploads.js';
export type { UploadStatus, UploadRecord, UploadInput, UploadUpdate, UploadFilter } from './uploads.js';
