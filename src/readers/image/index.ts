export { imageReader } from './image-reader.js';
