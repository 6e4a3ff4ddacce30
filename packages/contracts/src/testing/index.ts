export { createInProcessChain, type InProcessChain } from './createInProcessChain.js';
