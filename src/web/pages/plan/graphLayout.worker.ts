// The Web Worker that lays out the dependency graph, off the page's main thread.
import { type GraphInput, layOut } from './graphLayout.js';

addEventListener('message', (event: MessageEvent<GraphInput[]>) => {
  postMessage(layOut(event.data));
});
