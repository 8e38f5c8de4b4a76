import { useEffect, useState } from 'react';
import {
  DEFAULT_GATES,
  SYSTEM_FIELDS,
  SYSTEM_KINDS,
  SYSTEM_STATUSES,
  type System,
  type SystemKind,
  type SystemStatus,
} from '../../domain/catalogue/types.js';
import type { MessageKey } from '../../i18n/index.js';
import { api } from '../api.js';
import type { Lookups } from '../catalogueData.js';
import { ErrorAlert, IdField, SelectField, SubmitButton, TextField, useFormSubmit } from '../components.js';
import { type T, useT } from '../i18n.js';
import { emptyForm, type FormState, toCreate, toForm, toPatch } from '../systemForm.js';

/** A gate's name as people read it: the default gates are translated, custom ones shown as written. */
export function gateLabel(gate: string, t: T): string {
  return (DEFAULT_GATES as readonly string[]).includes(gate) ? t(`gate.${gate}` as MessageKey) : gate;
}

/** A help field's label: the site's languages by name, any other by its code. */
function languageName(lang: string, t: T): string {
  return lang === 'sv' ? t('sf.public_help_sv') : lang === 'en' ? t('sf.public_help_en') : lang;
}

// The estimate's parts come first: an error on `estimate_hours.low` belongs beside that field.
const FIELDS = ['estimate_hours.low', 'estimate_hours.likely', 'estimate_hours.high', ...SYSTEM_FIELDS];

/**
 * The system form: with `system` it edits that system (a PATCH of what changed; `full` false shows only
 * the estimate, status and remaining time); without, it adds a new one, with an id field first.
 * `onSaved` gets the system's id.
 */
export function SystemForm({
  system,
  full,
  lookups,
  onCancel,
  onSaved,
}: {
  system?: System;
  full: boolean;
  lookups: Lookups;
  onCancel: () => void;
  onSaved: (id: string) => void;
}) {
  const t = useT();
  const creating = system === undefined;
  const [form, setForm] = useState<FormState>(() => (system ? toForm(system) : emptyForm()));
  const [id, setId] = useState('');
  const { errors, busy, handler } = useFormSubmit(FIELDS);
  const update = <K extends keyof FormState>(key: K, value: FormState[K]) => setForm((f) => ({ ...f, [key]: value }));
  const err = (key: string) => errors.fields[key];
  useEffect(() => {
    document.getElementById(creating ? 'sf-id' : full ? 'sf-name' : 'sf-estimate-low')?.focus();
  }, [full, creating]);

  // The check runs first; `send` runs only when it found nothing, so it may build the body again.
  const submit = handler(
    () => (system ? toPatch(form, system, full, t) : toCreate(id, form, t)).problems,
    async () => {
      if (!system) {
        const { system: created } = toCreate(id, form, t);
        if (!created) return;
        await api.createSystem(created);
        onSaved(created.id);
        return;
      }
      const { patch } = toPatch(form, system, full, t);
      if (Object.keys(patch).length) await api.updateSystem(system.id, patch);
      onSaved(system.id);
    },
  );

  const scoreOptions = (
    <>
      <option value="">{t('system.notSet')}</option>
      {[1, 2, 3, 4, 5].map((n) => (
        <option key={n} value={String(n)}>
          {n}
        </option>
      ))}
    </>
  );
  const customGates = form.gates.filter((g) => !(DEFAULT_GATES as readonly string[]).includes(g));
  const allGates = [...DEFAULT_GATES, ...customGates];
  const estimateError = err('estimate_hours');
  // An issue about one language (`public_help.sv`) is filed under `public_help`: shown once, above the fields.
  const helpError = err('public_help');

  return (
    <form onSubmit={submit} noValidate className="form system-form">
      <ErrorAlert message={errors.general} />
      {creating ? <IdField id="sf-id" value={id} onChange={setId} error={err('id')} /> : null}
      {full ? (
        <>
          <TextField
            id="sf-name"
            label={t('sf.name')}
            value={form.name}
            onChange={(e) => update('name', e.target.value)}
            error={err('name')}
          />
          <SelectField
            id="sf-kind"
            label={t('sf.kind')}
            value={form.kind}
            onChange={(e) => update('kind', e.target.value as SystemKind)}
            error={err('kind')}
          >
            {SYSTEM_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`kind.${k}`)}
              </option>
            ))}
          </SelectField>
          <TextField
            id="sf-public_name"
            label={t('sf.public_name')}
            value={form.public_name}
            onChange={(e) => update('public_name', e.target.value)}
            error={err('public_name')}
          />
          <fieldset className={helpError ? 'field-invalid' : undefined}>
            <legend>{t('sf.public_help')}</legend>
            <p className="hint" id="sf-public_help-hint">
              {t('sf.public_helpHint')}
            </p>
            {helpError ? (
              <p className="field-error" id="sf-public_help-error">
                {helpError}
              </p>
            ) : null}
            {Object.keys(form.public_help).map((lang) => (
              <TextField
                key={lang}
                id={`sf-public_help-${lang}`}
                label={languageName(lang, t)}
                value={form.public_help[lang]}
                onChange={(e) => update('public_help', { ...form.public_help, [lang]: e.target.value })}
                aria-describedby={helpError ? 'sf-public_help-hint sf-public_help-error' : 'sf-public_help-hint'}
              />
            ))}
          </fieldset>
          <SelectField
            id="sf-owner"
            label={t('sf.owner')}
            value={form.owner}
            onChange={(e) => update('owner', e.target.value)}
            error={err('owner')}
          >
            <option value="">{t('system.notSet')}</option>
            {[...lookups.units.values()].map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
            {form.owner && !lookups.units.has(form.owner) ? <option value={form.owner}>{form.owner}</option> : null}
          </SelectField>
          <SelectField
            id="sf-team"
            label={t('sf.team')}
            value={form.team}
            onChange={(e) => update('team', e.target.value)}
            error={err('team')}
          >
            <option value="">{t('system.notSet')}</option>
            {[...lookups.teams.values()].map((x) => (
              <option key={x.id} value={x.id}>
                {x.name}
              </option>
            ))}
            {form.team && !lookups.teams.has(form.team) ? <option value={form.team}>{form.team}</option> : null}
          </SelectField>
          <TextField
            id="sf-depends_on"
            label={t('sf.depends_on')}
            hint={t('system.dependsHint')}
            value={form.depends_on}
            onChange={(e) => update('depends_on', e.target.value)}
            error={err('depends_on')}
            className="mono"
            spellCheck={false}
            autoCapitalize="off"
          />
          <SelectField
            id="sf-society"
            label={t('sf.society')}
            hint={t('system.scoreHint')}
            value={form.society}
            onChange={(e) => update('society', e.target.value)}
            error={err('society')}
          >
            {scoreOptions}
          </SelectField>
          <SelectField
            id="sf-organisation"
            label={t('sf.organisation')}
            hint={t('system.scoreHint')}
            value={form.organisation}
            onChange={(e) => update('organisation', e.target.value)}
            error={err('organisation')}
          >
            {scoreOptions}
          </SelectField>
          <TextField
            id="sf-rto_hours"
            label={t('sf.rto_hours')}
            inputMode="decimal"
            value={form.rto_hours}
            onChange={(e) => update('rto_hours', e.target.value)}
            error={err('rto_hours')}
            className="input-short"
          />
        </>
      ) : null}
      <fieldset
        className={estimateError ? 'field-invalid' : undefined}
        aria-describedby={estimateError ? 'sf-estimate-error' : undefined}
      >
        <legend>{t('sf.estimate_hours')}</legend>
        {estimateError ? (
          <p className="field-error" id="sf-estimate-error">
            {estimateError}
          </p>
        ) : null}
        <div className="inline-fields">
          {(['low', 'likely', 'high'] as const).map((key) => (
            <TextField
              key={key}
              id={`sf-estimate-${key}`}
              label={t(`sf.estimate_${key}`)}
              inputMode="decimal"
              value={form[key]}
              onChange={(e) => update(key, e.target.value)}
              error={err(`estimate_hours.${key}`)}
              className="input-short"
            />
          ))}
        </div>
      </fieldset>
      <SelectField
        id="sf-status"
        label={t('sf.status')}
        value={form.status}
        onChange={(e) => update('status', e.target.value as SystemStatus)}
        error={err('status')}
      >
        {SYSTEM_STATUSES.map((s) => (
          <option key={s} value={s}>
            {t(`status.${s}`)}
          </option>
        ))}
      </SelectField>
      <TextField
        id="sf-remaining_hours"
        label={t('sf.remaining_hours')}
        inputMode="decimal"
        value={form.remaining_hours}
        onChange={(e) => update('remaining_hours', e.target.value)}
        error={err('remaining_hours')}
        className="input-short"
      />
      {full ? (
        <fieldset
          className={err('gates') ? 'field-invalid' : undefined}
          aria-describedby={err('gates') ? 'sf-gates-error' : undefined}
        >
          <legend>{t('sf.gates')}</legend>
          {err('gates') ? (
            <p className="field-error" id="sf-gates-error">
              {err('gates')}
            </p>
          ) : null}
          <ul className="checkbox-list">
            {allGates.map((g) => (
              <li key={g}>
                <input
                  type="checkbox"
                  id={`sf-gate-${g}`}
                  checked={form.gates.includes(g)}
                  onChange={(e) =>
                    update(
                      'gates',
                      e.target.checked
                        ? allGates.filter((x) => x === g || form.gates.includes(x))
                        : form.gates.filter((x) => x !== g),
                    )
                  }
                />
                <label htmlFor={`sf-gate-${g}`}>{gateLabel(g, t)}</label>
              </li>
            ))}
          </ul>
        </fieldset>
      ) : null}
      <div className="button-row">
        <SubmitButton busy={busy}>{creating ? t('system.create') : t('common.save')}</SubmitButton>
        <button type="button" className="button-secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
