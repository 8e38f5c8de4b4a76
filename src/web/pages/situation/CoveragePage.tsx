import { useState } from 'react';
import { may } from '../../../domain/access.js';
import type { CoverageState } from '../../../domain/situation/coverage.js';
import { DataTable, ErrorAlert, errorText, Loading, PageHeading, SelectField, useLoad } from '../../components.js';
import { type T, useLocale, useT } from '../../i18n.js';
import { useLiveReload } from '../../live.js';
import { Link } from '../../router.js';
import { useSessionUser } from '../../session.js';
import { formatAt, formatSpan } from '../tasks/format.js';
import { type Coverage, type CoverageUnit, coverageApi } from './coverageApi.js';
import './coverage.css';

// The order a person calling round works in: who is missing first, who is fine last.
const ORDER: Record<CoverageState, number> = { missing: 0, late: 1, pending: 2, reported: 3, not_asked: 4 };
const SHOWN: CoverageState[] = ['missing', 'late', 'pending', 'reported'];

/** A cell's state as an icon and a word: never colour alone. */
export function CoverageBadge({ state }: { state: CoverageState }) {
  const t = useT();
  return (
    <span className={`coverage-state coverage-state-${state}`}>
      <span aria-hidden="true" className="coverage-icon" />
      {t(`coverage.state.${state}`)}
    </span>
  );
}

// The deadline a crisis staff asks about first: the last one passed (who is missing now), else the next.
function defaultDeadline(data: Coverage): string | null {
  const now = Date.parse(data.now);
  const passed = data.deadlines.filter((d) => Date.parse(d.at) <= now);
  return passed.at(-1)?.at ?? data.deadlines[0]?.at ?? null;
}

/** `/app/coverage`: units by deadline (reported, late, missing, waiting), with numbers to call those missing. */
export function CoveragePage() {
  const t = useT();
  const { locale } = useLocale();
  const user = useSessionUser();
  const { data, error, loading, reload } = useLoad(() => coverageApi.coverage(), []);
  useLiveReload(['report.changed', 'rhythm.changed', 'incident.changed', 'catalogue.changed'], reload);
  const [chosen, setChosen] = useState<string | null>(null);
  const zone = data?.time_zone ?? 'Europe/Stockholm';
  const at = (iso: string) => formatAt(iso, locale, zone);
  const current = data?.deadlines.some((d) => d.at === chosen) ? chosen : data ? defaultDeadline(data) : null;
  const index = data && current ? data.deadlines.findIndex((d) => d.at === current) : -1;
  return (
    <>
      <PageHeading title={t('coverage.title')}>{t('coverage.title')}</PageHeading>
      <p className="lead">{t('coverage.intro', { zone })}</p>
      <ErrorAlert message={error ? errorText(error, t) : null} />
      {loading && !data ? <Loading /> : null}
      {data && !data.incident_id ? <p className="notice">{t('coverage.noIncident')}</p> : null}
      {data?.incident_id && data.deadlines.length === 0 ? (
        <p className="notice">
          {t('coverage.noDeadlines')}{' '}
          {may(user.role, 'rhythm.manage') ? <Link to="/rhythm">{t('coverage.toRhythm')}</Link> : null}
        </p>
      ) : null}
      {data && current && index >= 0 ? (
        <>
          <div className="coverage-toolbar">
            <SelectField
              id="coverage-deadline"
              label={t('coverage.deadline')}
              value={current}
              onChange={(e) => setChosen(e.target.value)}
            >
              {data.deadlines.map((d) => (
                <option key={d.at} value={d.at}>
                  {t('coverage.deadlineOption', {
                    at: at(d.at),
                    state: t(
                      Date.parse(d.at) <= Date.parse(data.now) ? 'coverage.deadline.passed' : 'coverage.deadline.ahead',
                    ),
                  })}
                </option>
              ))}
            </SelectField>
          </div>
          <Counts data={data} index={index} at={at(current)} />
          <CoverageGridTable data={data} at={at} />
          <UnitList data={data} index={index} at={at} t={t} />
        </>
      ) : null}
    </>
  );
}

function Counts({ data, index, at }: { data: Coverage; index: number; at: string }) {
  const t = useT();
  const counts = data.deadlines[index].counts;
  const asked = counts.reported + counts.late + counts.missing + counts.pending;
  return (
    <section className="coverage-summary" aria-labelledby="coverage-summary-title">
      <h2 id="coverage-summary-title">{t('coverage.summary', { at })}</h2>
      <ul className="coverage-counts">
        {SHOWN.map((state) => (
          <li key={state} className={`coverage-count coverage-count-${state}`} data-testid={`count-${state}`}>
            <span className={`coverage-state coverage-state-${state}`}>
              <span aria-hidden="true" className="coverage-icon" />
              {t(`coverage.count.${state}`, { count: counts[state] })}
            </span>
          </li>
        ))}
      </ul>
      {asked > 0 && counts.reported + counts.late === asked ? <p>{t('coverage.allReported')}</p> : null}
    </section>
  );
}

function UnitList({ data, index, at, t }: { data: Coverage; index: number; at: (iso: string) => string; t: T }) {
  const deadline = data.deadlines[index];
  const units = data.units
    .filter((u) => u.cells[index].state !== 'not_asked')
    .sort((a, b) => ORDER[a.cells[index].state] - ORDER[b.cells[index].state]);
  const label = t('coverage.listLabel', { at: at(deadline.at) });
  return (
    <section aria-labelledby="coverage-list-title">
      <h2 id="coverage-list-title">{label}</h2>
      <ul className="coverage-list" aria-label={label}>
        {units.map((unit) => (
          <UnitCard key={unit.id} unit={unit} index={index} at={at} />
        ))}
      </ul>
    </section>
  );
}

function UnitCard({ unit, index, at }: { unit: CoverageUnit; index: number; at: (iso: string) => string }) {
  const t = useT();
  const cell = unit.cells[index];
  const titleId = `coverage-unit-${unit.id}`;
  const needsCall = cell.state === 'missing';
  return (
    <li
      className={`coverage-unit coverage-unit-${cell.state}`}
      aria-labelledby={titleId}
      data-unit={unit.id}
      data-state={cell.state}
    >
      <h3 id={titleId} className="coverage-unit-name">
        {unit.name}
      </h3>
      <p className="coverage-unit-state">
        <CoverageBadge state={cell.state} />
        {cell.submitted_at ? <span> {t('coverage.submittedAt', { at: at(cell.submitted_at) })}</span> : null}
      </p>
      <p className="hint">
        {unit.last_report
          ? t('coverage.lastReportAge', {
              age: formatSpan(unit.last_report.age_minutes * 60_000, t),
              at: at(unit.last_report.submitted_at),
            })
          : t('coverage.noReportYet')}
      </p>
      <Contacts unit={unit} open={needsCall} />
    </li>
  );
}

function Contacts({ unit, open }: { unit: CoverageUnit; open: boolean }) {
  const t = useT();
  if (unit.contacts.length === 0) return <p className="hint">{t('coverage.noContacts')}</p>;
  const list = (
    <ul className="coverage-contacts">
      {unit.contacts.map((c, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: contacts have no id; the catalogue keeps their order.
        <li key={i}>
          <span className="coverage-contact-name">{c.name}</span>
          {c.phone ? (
            <a className="coverage-call" href={`tel:${c.phone.replace(/[^\d+]/g, '')}`}>
              {t('coverage.call', { name: c.name, phone: c.phone })}
            </a>
          ) : null}
          {c.email ? (
            <a className="coverage-mail" href={`mailto:${c.email}`}>
              {t('coverage.mail', { name: c.name })}
            </a>
          ) : null}
        </li>
      ))}
    </ul>
  );
  // Those to call have their numbers in sight; those who reported keep them one tap away.
  return open ? (
    <div>
      <h4 className="coverage-contacts-title">{t('coverage.contacts')}</h4>
      {list}
    </div>
  ) : (
    <details>
      <summary>
        {t('coverage.contacts')}
        <span className="visually-hidden">: {unit.name}</span>
      </summary>
      {list}
    </details>
  );
}

function CoverageGridTable({ data, at }: { data: Coverage; at: (iso: string) => string }) {
  const t = useT();
  return (
    <div className="coverage-grid-wide">
      <DataTable caption={t('coverage.gridCaption')} className="coverage-grid">
        <thead>
          <tr>
            <th scope="col">{t('coverage.unit')}</th>
            {data.deadlines.map((d) => (
              <th scope="col" key={d.at}>
                {at(d.at)}
              </th>
            ))}
            <th scope="col">{t('coverage.lastReport')}</th>
          </tr>
        </thead>
        <tbody>
          {data.units.map((unit) => (
            <tr key={unit.id}>
              <th scope="row">{unit.name}</th>
              {unit.cells.map((cell) => (
                <td key={cell.at}>
                  <CoverageBadge state={cell.state} />
                </td>
              ))}
              <td>
                {unit.last_report
                  ? t('coverage.age', { age: formatSpan(unit.last_report.age_minutes * 60_000, t) })
                  : t('coverage.noReportYet')}
              </td>
            </tr>
          ))}
        </tbody>
      </DataTable>
    </div>
  );
}
