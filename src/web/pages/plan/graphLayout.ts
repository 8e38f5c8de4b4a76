/**
 * The dependency graph's layout, run in a Web Worker (graphLayout.worker.ts) so that a catalogue of
 * thousands of systems never holds up the page's main thread.
 */
import { layered } from './layered.js';

/** Height of one line of a node's name, and of the box around name and status. */
export const LINE_H = 15;
const PAD_Y = 10;
const STATUS_H = 16;
// Average advance of a bold 12px character; generous so that no name runs out of its box.
const CHAR = 7.6;
/** Names wrap into lines of about this many characters, at spaces; nothing is cut. */
export const WRAP = 26;

/** A system to draw, with the text of its status in the UI's language. */
export interface GraphInput {
  id: string;
  name: string;
  status: string;
  statusText: string;
  depends_on: string[];
}

/** A laid-out system: its box and its name in lines. */
export interface GraphNode {
  id: string;
  lines: string[];
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A line of the drawing: a curve between two columns or a straight run through one; shared by the edges of one source. */
export interface GraphEdge {
  id: string;
  points: { x: number; y: number }[];
  /** Ends at a box: draw an arrowhead. */
  arrow: boolean;
}

/** The whole layout, as the worker sends it back. */
export interface Layout {
  width: number;
  height: number;
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Milliseconds from the request to the worker's answer, for the bench. */
  ms: number;
}

/** Breaks a name into lines of at most `width` characters at spaces; a longer word keeps a line of its own, whole. */
export function wrapName(name: string, width = WRAP): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of name.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}

/** The size of a node's box for its name's lines and its status text. */
export function nodeSize(lines: string[], statusText: string): { width: number; height: number } {
  const chars = Math.max(statusText.length, ...lines.map((l) => l.length));
  return { width: Math.ceil(chars * CHAR + 20), height: lines.length * LINE_H + STATUS_H + PAD_Y * 2 - 4 };
}

/** Lays the systems out (in the worker): boxes sized for their wrapped names, layers left to right. */
export function layOut(systems: GraphInput[]): Omit<Layout, 'ms'> {
  const boxes = systems.map((s) => {
    const lines = wrapName(s.name);
    return { id: s.id, lines, ...nodeSize(lines, s.statusText) };
  });
  const known = new Set(systems.map((s) => s.id));
  const edges = systems.flatMap((s) =>
    s.depends_on.filter((d) => known.has(d)).map((d) => ({ source: d, target: s.id })),
  );
  const laid = layered(boxes, edges);
  const nodes: GraphNode[] = boxes.map((b) => {
    const at = laid.nodes.get(b.id) ?? { x: 0, y: 0 };
    return { id: b.id, lines: b.lines, x: at.x + 1, y: at.y + 1, width: b.width, height: b.height };
  });
  const shifted = laid.segments.map((e) => ({
    id: e.id,
    arrow: e.arrow,
    points: e.points.map((p) => ({ x: p.x + 1, y: p.y + 1 })),
  }));
  return { width: Math.ceil(laid.width) + 2, height: Math.ceil(laid.height) + 2, nodes, edges: shifted };
}

/** Lays the systems out in a Web Worker, so that a large catalogue never holds up the page; one worker per call. */
export function layOutInWorker(systems: GraphInput[]): Promise<Layout> {
  const started = performance.now();
  const worker = new Worker(new URL('./graphLayout.worker.ts', import.meta.url), { type: 'module' });
  return new Promise<Layout>((resolve, reject) => {
    worker.addEventListener('message', (event: MessageEvent<Omit<Layout, 'ms'>>) => {
      worker.terminate();
      resolve({ ...event.data, ms: Math.round(performance.now() - started) });
    });
    worker.addEventListener('error', (event) => {
      worker.terminate();
      reject(new Error(event.message));
    });
    worker.postMessage(systems);
  });
}
