export { labelCommand as command } from './metadata.js';
