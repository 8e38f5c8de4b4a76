/** `lifeboat plan --advice`: where one more person helps most, as a table for the terminal. */
import { type Advice, mayUseOneMore } from '../domain/plan/advice.js';
import { type Locale, type MessageKey, translate } from '../i18n/index.js';

type Tr = (key: MessageKey, params?: Record<string, string | number>) => string;

function gain(h: number, tr: Tr): string {
  if (h > 0) return tr('cli.advice.earlier', { hours: h.toFixed(1) });
  if (h < 0) return tr('cli.advice.later', { hours: (-h).toFixed(1) });
  return tr('cli.advice.same');
}

function cell(text: string, width: number): string {
  return text.length <= width ? text.padEnd(width) : `${text.slice(0, Math.max(0, width - 1))}…`;
}

/** Renders the advice in `locale`: the teams best first, with the services each one brings earlier. */
export function formatAdviceTable(advice: Advice, locale: Locale = 'en'): string {
  const tr: Tr = (key, params) => translate(locale, key, params);
  const lines = ['', tr('cli.advice.title', { runs: advice.runs, seed: advice.seed })];
  // Teams with no more open systems than people are left out: the answer for them is "no change".
  const teams = advice.teams.filter(mayUseOneMore);
  if (teams.length === 0) return `${[...lines, tr('cli.advice.nothing')].join('\n')}\n`;
  const width = Math.max(4, ...teams.map((t) => t.team.length));
  const w = { p: 9, h: 17 };
  lines.push(
    `  #  ${cell(tr('cli.advice.col.team'), width)}  ${cell(tr('cli.advice.col.people'), w.p)}  ${cell(tr('cli.advice.col.p50'), w.h)}  ${cell(tr('cli.advice.col.p90'), w.h)}  ${tr('cli.advice.col.services')}`,
  );
  teams.forEach((t, k) => {
    const services = t.services
      .filter((s) => s.gain_h !== 0)
      .map((s) => `${s.id} ${s.gain_h > 0 ? '−' : '+'}${Math.abs(s.gain_h).toFixed(1)} h`)
      .join(', ');
    lines.push(
      `${String(k + 1).padStart(3)}  ${cell(t.team, width)}  ${cell(`${t.capacity} → ${t.capacity + 1}`, w.p)}  ${cell(gain(t.p50_gain_h, tr), w.h)}  ${cell(gain(t.p90_gain_h, tr), w.h)}  ${services || tr('cli.advice.same')}`,
    );
  });
  return `${lines.join('\n')}\n`;
}
