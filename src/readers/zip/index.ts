export {
  MAX_ZIP_ENTRIES,
  MAX_ZIP_UNCOMPRESSED,
  checkZip,
  countElements,
  inflateEntry,
  zipEntries,
} from './zip-limits.js';
export type { ZipEntry } from './zip-limits.js';
