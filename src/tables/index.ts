export { pagesToBlocks } from './pages-to-blocks.js';
export { gridInRegion } from './region.js';
