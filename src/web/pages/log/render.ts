/**
 * One event-log entry as a sentence in the reader's language. The server stores what changed (`data`)
 * rather than words, so every reader sees the log in their own language. Adding a kind is one entry in
 * RENDERERS; a kind not (yet) there shows its text, or its data as it is.
 */
import { MESSAGES, type MessageKey } from '../../../i18n/index.js';

/** What the renderer reads of an entry. */
export interface RenderableEntry {
  kind: string;
  text: string | null;
  data: { [key: string]: unknown };
}

/** The reader's language: a translation function and a formatter of ISO times in the organisation's zone. */
export interface RenderContext {
  t: (key: MessageKey, vars?: Record<string, string | number>) => string;
  time: (iso: string) => string;
}

type Renderer = (entry: RenderableEntry, ctx: RenderContext) => string;

function isKey(key: string): key is MessageKey {
  return Object.hasOwn(MESSAGES.sv, key);
}

// A code (`down`, `patched`, `opened`) as words when the catalogue knows it, else as itself.
function word(ctx: RenderContext, prefix: string, value: unknown): string {
  const code = typeof value === 'string' || typeof value === 'number' ? String(value) : '';
  const key = `${prefix}${code}`;
  return isKey(key) ? ctx.t(key) : code || '?';
}

function str(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

// A reason or evidence given with a change follows the sentence after a dash.
function withText(sentence: string, text: string | null): string {
  return text?.trim() ? `${sentence} – ${text.trim()}` : sentence;
}

function withFields(ctx: RenderContext, action: string, fields: unknown): string {
  return Array.isArray(fields) && fields.length
    ? ctx.t('log.render.fields', { action, fields: fields.map(str).join(', ') })
    : action;
}

/** The sentence for each kind of entry. */
export const RENDERERS: Record<string, Renderer> = {
  manual: (e) => e.text ?? '',
  status: (e, ctx) => {
    const sentence = ctx.t('log.render.status', {
      from: word(ctx, 'status.', e.data.from),
      to: word(ctx, 'status.', e.data.to),
    });
    return e.data.override === true && e.text?.trim()
      ? `${sentence} (${ctx.t('log.render.override', { reason: e.text.trim() })})`
      : withText(sentence, e.text);
  },
  gate: (e, ctx) => {
    let sentence = ctx.t('log.render.gate', {
      gate: word(ctx, 'gate.', e.data.gate),
      state: word(ctx, 'log.gate.', e.data.state),
    });
    if (typeof e.data.expires_at === 'string' && e.data.expires_at)
      sentence = `${sentence}, ${ctx.t('log.render.gateExpires', { date: ctx.time(e.data.expires_at) })}`;
    return withText(sentence, e.text);
  },
  catalogue: (e, ctx) => {
    const entity = word(ctx, 'log.entity.', e.data.entity);
    const action = withFields(ctx, word(ctx, 'log.action.', e.data.action), e.data.fields);
    const id = str(e.data.entity_id);
    // An import concerns the whole catalogue: no id to name.
    return id
      ? ctx.t('log.render.catalogue', { entity, id, action })
      : ctx.t('log.render.catalogueWhole', { entity, action });
  },
  incident: (e, ctx) =>
    withText(
      ctx.t('log.render.incident', {
        action: withFields(ctx, word(ctx, 'log.action.', e.data.action), e.data.fields),
      }),
      e.text,
    ),
  decision: (e, ctx) => ctx.t('log.render.decision', { seq: str(e.data.seq), text: e.text ?? '' }),
  task: (e, ctx) => ctx.t('log.render.task', { action: word(ctx, 'log.action.', e.data.action), text: e.text ?? '' }),
  obligation: (e, ctx) =>
    withText(
      ctx.t('log.render.obligation', {
        id: str(e.data.obligation_id),
        action: word(ctx, 'log.action.', e.data.action),
      }),
      e.text,
    ),
};

/** The kinds the log knows by name, for its filter. */
export const KNOWN_KINDS = Object.keys(RENDERERS);

/** The entry as a sentence in the reader's language; an unknown kind shows its text, or its raw data. */
export function renderEntry(entry: RenderableEntry, ctx: RenderContext): string {
  const render = Object.hasOwn(RENDERERS, entry.kind) ? RENDERERS[entry.kind] : undefined;
  if (render) return render(entry, ctx);
  if (entry.text?.trim()) return entry.text;
  return Object.keys(entry.data).length ? JSON.stringify(entry.data) : '';
}

/** The kind's name in the reader's language, or the kind itself when the catalogue has none. */
export function kindName(kind: string, ctx: Pick<RenderContext, 't'>): string {
  const key = `log.kind.${kind}`;
  return isKey(key) ? ctx.t(key) : kind;
}
