import { useState } from 'react';
import type { BoardFilter } from '../../../domain/incident/board.js';
import type { MessageKey } from '../../../i18n/index.js';
import { ErrorAlert, errorText, Loading, PageHeading, SelectField, useLoad } from '../../components.js';
import { useT } from '../../i18n.js';
import { useLiveReload } from '../../live.js';
import { BASE, Link } from '../../router.js';
import { BoardChart } from './BoardChart.js';
import { ExerciseBadge } from './IncidentPage.js';
import { incidentApi } from './incidentApi.js';
import '../../incident.css';

function filterFromUrl(): BoardFilter {
  const params = new URLSearchParams(window.location.search);
  return { team: params.get('team') || undefined, owner: params.get('owner') || undefined };
}

// The filters live in the address, so that a board can be shared, reloaded and printed as it is seen.
function filterToUrl(filter: BoardFilter): void {
  const params = new URLSearchParams();
  if (filter.team) params.set('team', filter.team);
  if (filter.owner) params.set('owner', filter.owner);
  const query = params.toString();
  window.history.replaceState(null, '', `${BASE}/board${query ? `?${query}` : ''}`);
}

/** /app/board: the systems in columns by status, filters by team and owner, and systems back over time. */
export function BoardPage() {
  const t = useT();
  const [filter, setFilter] = useState<BoardFilter>(filterFromUrl);
  const { data, error, loading, reload } = useLoad(() => incidentApi.board(filter), [filter.team, filter.owner]);
  useLiveReload(['system.status', 'gate.changed', 'catalogue.changed', 'incident.changed'], reload);
  const change = (next: BoardFilter) => {
    filterToUrl(next);
    setFilter(next);
  };
  const names = new Map(
    [...(data?.teams ?? []), ...(data?.units ?? []), ...(data?.systems ?? [])].map((x) => [x.id, x.name]),
  );
  const systemName = (id: string) => data?.systems.find((s) => s.id === id)?.name ?? id;
  const all = data ? data.columns.reduce((n, c) => n + c.count, 0) : 0;
  return (
    <>
      <PageHeading title={t('board.title')}>{t('board.title')}</PageHeading>
      {data?.incident ? (
        <p className="lead">
          <Link to="/incident">{data.incident.title}</Link> <ExerciseBadge incident={data.incident} /> ·{' '}
          {t(`incident.phase.${data.incident.phase}`)}
        </p>
      ) : null}
      <p className="board-intro">{t('board.intro')}</p>
      <form className="board-filters" aria-label={t('board.filters')} onSubmit={(e) => e.preventDefault()}>
        <SelectField
          id="board-team"
          label={t('board.team')}
          value={filter.team ?? ''}
          onChange={(e) => change({ ...filter, team: e.target.value || undefined })}
        >
          <option value="">{t('board.all')}</option>
          {(data?.teams ?? []).map((team) => (
            <option key={team.id} value={team.id}>
              {team.name}
            </option>
          ))}
        </SelectField>
        <SelectField
          id="board-owner"
          label={t('board.owner')}
          value={filter.owner ?? ''}
          onChange={(e) => change({ ...filter, owner: e.target.value || undefined })}
        >
          <option value="">{t('board.all')}</option>
          {(data?.units ?? []).map((unit) => (
            <option key={unit.id} value={unit.id}>
              {unit.name}
            </option>
          ))}
        </SelectField>
        {filter.team || filter.owner ? (
          <button type="button" className="button-secondary" onClick={() => change({})}>
            {t('board.clear')}
          </button>
        ) : null}
      </form>
      <ErrorAlert message={error ? errorText(error, t) : null} />
      {loading && !data ? <Loading /> : null}
      {data ? (
        <>
          <section aria-labelledby="counts-title" className="board-counts">
            <h2 id="counts-title" className="visually-hidden">
              {t('board.counts')}
            </h2>
            <ul>
              {data.columns.map((c) => (
                <li key={c.status}>
                  <a href={`#col-${c.status}`}>
                    <span className="count">{c.count}</span> {columnTitle(c.status, t)}
                  </a>
                </li>
              ))}
            </ul>
            <p>{t('board.total', { count: all, all: data.systems.length })}</p>
          </section>
          {data.chart ? (
            <BoardChart chart={data.chart} asOf={data.as_of} />
          ) : (
            <p className="notice">{t('board.chartNone')}</p>
          )}
          <div className="board-columns">
            {data.columns.map((c) => (
              <section key={c.status} aria-labelledby={`col-${c.status}`} className={`board-column column-${c.status}`}>
                <h2 id={`col-${c.status}`} tabIndex={-1}>
                  {columnTitle(c.status, t)} <span className="count">({c.count})</span>
                </h2>
                {c.cards.length === 0 ? <p className="hint">{t('board.empty')}</p> : null}
                <ul className="board-cards">
                  {c.cards.map((card) => (
                    <li key={card.id} className="board-card">
                      <h3>
                        <Link to={`/systems/${encodeURIComponent(card.id)}`}>{card.name}</Link>
                      </h3>
                      <p className="card-meta">
                        {card.team ? (names.get(card.team) ?? card.team) : t('board.noTeam')} ·{' '}
                        {card.owner ? (names.get(card.owner) ?? card.owner) : t('board.noOwner')}
                        {card.status === 'unknown' ? ` · ${t('status.unknown')}` : ''}
                      </p>
                      {card.gates_left.length === 0 ? (
                        <p>{t('board.gatesNone')}</p>
                      ) : card.gates_left.length === card.gates_total ? (
                        <p>{t('board.gatesAll', { count: card.gates_total })}</p>
                      ) : (
                        <p>
                          <strong>
                            {t('board.gatesLeft', { count: card.gates_left.length, total: card.gates_total })}:
                          </strong>{' '}
                          {card.gates_left.map((g) => gateName(g, t)).join(', ')}
                        </p>
                      )}
                      {card.waits_for.length ? (
                        <p>
                          <strong>{t('board.waitsFor')}:</strong> {card.waits_for.map(systemName).join(', ')}
                        </p>
                      ) : null}
                    </li>
                  ))}
                </ul>
              </section>
            ))}
          </div>
        </>
      ) : null}
    </>
  );
}

function columnTitle(status: string, t: ReturnType<typeof useT>): string {
  return status === 'down' ? t('board.column.down') : t(`status.${status}` as MessageKey);
}

function gateName(id: string, t: ReturnType<typeof useT>): string {
  const key = `gate.${id}` as MessageKey;
  // A gate of the system's own making has no text in the catalogues: its id is its name.
  const text: string | undefined = t(key);
  return text && text !== key ? text : id;
}
