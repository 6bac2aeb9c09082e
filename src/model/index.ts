export { BBox, unionBoxes } from './geometry.js';
export { Provenance } from './provenance.js';
export { SourceFormat, SourceDocument } from './source.js';
export { SpanOrigin, TextSpan, RulingLine, FilledRect, OcrReason, Page } from './page.js';
export { GridCell, GridMethod, Grid, cellAt, cellText } from './grid.js';
export { TextBlock, GridBlock, Block } from './blocks.js';
export { ExtractedDocument } from './extracted.js';
export {
  TableType,
  FINAL_ACCOUNT_TABLES,
  MoneyUnit,
  MONEY_UNIT_NAME,
  ColumnKind,
  Column,
  Comparator,
  Cell,
  CodeLevel,
  RowRole,
  Row,
  NormalizedTable,
} from './table.js';
export { Severity, RuleId, CellRef, Suggestion, Anomaly } from './anomaly.js';
export { DocumentKind, DocumentMeta, ResultStatus, ExtractionResult } from './result.js';
export { TallyError, BadInputError, TransientError, InternalError, isTallyError } from './errors.js';
export type { TallyErrorKind } from './errors.js';
export { jsonSchemaOfResult } from './json-schema.js';
