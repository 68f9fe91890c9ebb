export { annotateCommand as command } from './metadata.js';
