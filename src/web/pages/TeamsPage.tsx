import { useState } from 'react';
import type { Team } from '../../domain/catalogue/types.js';
import { api } from '../api.js';
import { ConfirmRemove } from '../ConfirmRemove.js';
import { idAndNameProblems } from '../catalogueData.js';
import {
  DataTable,
  ErrorAlert,
  errorText,
  IdField,
  Loading,
  PageHeading,
  StatusMessage,
  SubmitButton,
  TextField,
  useFormSubmit,
  useLoad,
} from '../components.js';
import { type T, useLocale, useT } from '../i18n.js';
import { canEditCatalogue } from '../permissions.js';
import { useSessionUser } from '../session.js';

/** The recovery teams and their capacity; editors add and remove teams and change a capacity in place. */
export function TeamsPage() {
  const t = useT();
  const { locale } = useLocale();
  const user = useSessionUser();
  const editor = canEditCatalogue(user.role);
  const [message, setMessage] = useState<string | null>(null);
  const { data, error, loading, reload } = useLoad(
    () => Promise.all([api.teams(), api.systems().catch(() => ({ systems: [] }))]),
    [],
  );
  const teams = [...(data?.[0].teams ?? [])].sort((a, b) => a.name.localeCompare(b.name, locale));
  const counts = new Map<string, number>();
  for (const s of data?.[1].systems ?? []) if (s.team) counts.set(s.team, (counts.get(s.team) ?? 0) + 1);
  const done = (text: string) => {
    setMessage(text);
    reload();
  };
  return (
    <>
      <PageHeading title={t('teams.title')}>{t('teams.title')}</PageHeading>
      <p>{t('teams.intro')}</p>
      <ErrorAlert message={error ? errorText(error, t) : null} />
      <StatusMessage message={message} />
      {loading && !data ? <Loading /> : null}
      {data && teams.length === 0 ? <p>{t('teams.empty')}</p> : null}
      {teams.length ? (
        <DataTable caption={t('teams.caption')} className="stack-on-phone">
          <thead>
            <tr>
              <th scope="col">{t('teams.col.name')}</th>
              <th scope="col">{t('teams.col.id')}</th>
              <th scope="col" className="num">
                {t('teams.col.capacity')}
              </th>
              <th scope="col" className="num">
                {t('teams.col.systems')}
              </th>
              {editor ? <th scope="col">{t('common.actions')}</th> : null}
            </tr>
          </thead>
          <tbody>
            {teams.map((team) => (
              <tr key={team.id}>
                <th scope="row">{team.name}</th>
                <td className="mono" data-label={t('teams.col.id')}>
                  {team.id}
                </td>
                <td className={editor ? undefined : 'num'} data-label={t('teams.col.capacity')}>
                  {editor ? (
                    <CapacityForm
                      team={team}
                      onSaved={() => done(t('teams.capacitySaved', { name: team.name }))}
                      key={`${team.id}-${team.capacity}`}
                    />
                  ) : (
                    team.capacity
                  )}
                </td>
                <td className="num" data-label={t('teams.col.systems')}>
                  {counts.get(team.id) ?? 0}
                </td>
                {editor ? (
                  <td>
                    <ConfirmRemove
                      id={`remove-team-${team.id}`}
                      label={t('common.removeThis', { name: team.name })}
                      name={team.name}
                      errorTitle={t('teams.removeFailed')}
                      small
                      onConfirm={async () => {
                        await api.deleteTeam(team.id);
                        done(t('common.removed', { name: team.name }));
                        document.getElementById('main')?.focus();
                      }}
                    />
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </DataTable>
      ) : null}
      {editor ? <AddTeam onAdded={(name) => done(t('common.added', { name }))} /> : null}
    </>
  );
}

// A capacity as typed, or a problem: the API wants a whole number from 1.
function parseCapacity(value: string, field: string, t: T): { capacity?: number; problems: Record<string, string> } {
  const n = Number(value.trim());
  if (value.trim() === '' || !Number.isInteger(n) || n < 1)
    return { problems: { [field]: t('teams.capacityInvalid') } };
  return { capacity: n, problems: {} };
}

const CAPACITY_FIELDS = ['capacity'] as const;

function CapacityForm({ team, onSaved }: { team: Team; onSaved: () => void }) {
  const t = useT();
  const [value, setValue] = useState(String(team.capacity));
  const { errors, busy, handler } = useFormSubmit(CAPACITY_FIELDS);
  const fieldId = `capacity-${team.id}`;
  const error = errors.fields.capacity;
  const submit = handler(
    () => parseCapacity(value, 'capacity', t).problems,
    async () => {
      const { capacity } = parseCapacity(value, 'capacity', t);
      if (capacity !== team.capacity) await api.updateTeam(team.id, { capacity });
      onSaved();
    },
  );
  return (
    // The column header already says what the number is: the label is for screen readers, which also
    // hear the team's name with it; the button's visible text begins its accessible name (WCAG 2.5.3).
    <form onSubmit={submit} noValidate className="form-inline capacity-form">
      <ErrorAlert message={errors.general} />
      <label htmlFor={fieldId} className="visually-hidden">
        {t('teams.capacityFor', { name: team.name })}
      </label>
      <input
        id={fieldId}
        inputMode="numeric"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        className="input-short"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${fieldId}-error` : undefined}
      />
      <button
        type="submit"
        className="button-small"
        disabled={busy}
        aria-label={t('teams.saveCapacity', { name: team.name })}
      >
        {t('common.save')}
      </button>
      {error ? (
        <p className="field-error" id={`${fieldId}-error`}>
          {error}
        </p>
      ) : null}
    </form>
  );
}

const TEAM_FIELDS = ['id', 'name', 'capacity'] as const;

function AddTeam({ onAdded }: { onAdded: (name: string) => void }) {
  const t = useT();
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const [capacity, setCapacity] = useState('1');
  const { errors, busy, handler } = useFormSubmit(TEAM_FIELDS);
  const submit = handler(
    () => ({ ...idAndNameProblems(id, name, t), ...parseCapacity(capacity, 'capacity', t).problems }),
    async () => {
      const parsed = parseCapacity(capacity, 'capacity', t).capacity ?? 1;
      const { team } = await api.createTeam({ id: id.trim(), name: name.trim(), capacity: parsed });
      setId('');
      setName('');
      setCapacity('1');
      onAdded(team.name);
      document.getElementById('team-id')?.focus();
    },
  );
  return (
    <section aria-labelledby="add-team-title" className="panel">
      <h2 id="add-team-title">{t('teams.add')}</h2>
      <form onSubmit={submit} noValidate className="form">
        <ErrorAlert message={errors.general} />
        <IdField id="team-id" value={id} onChange={setId} error={errors.fields.id} />
        <TextField
          id="team-name"
          label={t('teams.name')}
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={errors.fields.name}
          required
        />
        <TextField
          id="team-capacity"
          label={t('teams.capacity')}
          hint={t('teams.capacityHint')}
          inputMode="numeric"
          value={capacity}
          onChange={(e) => setCapacity(e.target.value)}
          error={errors.fields.capacity}
          className="input-short"
          required
        />
        <div className="button-row">
          <SubmitButton busy={busy}>{t('teams.create')}</SubmitButton>
        </div>
      </form>
    </section>
  );
}
