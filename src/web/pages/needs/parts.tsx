import { useState } from 'react';
import { NEED_STATUSES, type NeedStatus, type NeedUrgency } from '../../../domain/situation/needs.js';
import { SelectField } from '../../components.js';
import { useLocale, useT } from '../../i18n.js';
import { Link } from '../../router.js';
import { formatAt, formatSpan } from '../tasks/format.js';
import { type Need, needsApi } from './needsApi.js';

/** A need's urgency in words, with a mark whose shape grows with it (never colour alone). */
export function UrgencyBadge({ urgency }: { urgency: NeedUrgency }) {
  const t = useT();
  return (
    <span className={`need-urgency need-urgency-${urgency}`}>
      {t('needs.urgencyLabel', { urgency: t(`needs.urgency.${urgency}`) })}
    </span>
  );
}

/** A need's status in words. */
export function NeedStatusBadge({ status }: { status: NeedStatus }) {
  const t = useT();
  return <span className={`need-status need-status-${status}`}>{t(`needs.status.${status}`)}</span>;
}

/** What a card or the detail page acts with: an action that reloads when done, and the people who may own. */
export interface TriageProps {
  need: Need;
  owners: { id: string; name: string }[];
  act: (fn: () => Promise<unknown>, done: string | null) => Promise<void>;
}

/**
 * The staff's actions on one need, where they see it: the next step along the lifecycle as a button, and
 * behind a disclosure declining (with the reason) and giving it an owner.
 */
export function TriageControls({ need, owners, act }: TriageProps) {
  const t = useT();
  const forward = need.next_statuses.filter(
    (s): s is 'accepted' | 'in_progress' | 'fulfilled' => s !== 'declined' && s !== 'new',
  );
  const mayDecline = need.next_statuses.includes('declined');
  const [owner, setOwner] = useState(need.owner_user_id ?? '');
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string | null>(null);
  if (need.next_statuses.length === 0) return null;
  const hidden = <span className="visually-hidden">: {need.title}</span>;
  const decline = async () => {
    if (!note.trim()) {
      setNoteError(t('needs.required'));
      return;
    }
    setNoteError(null);
    await act(() => needsApi.triage(need.id, { status: 'declined', note: note.trim() }), t('needs.done.declined'));
  };
  const assign = () => act(() => needsApi.triage(need.id, { owner_user_id: owner || null }), t('needs.assigned'));
  const noteId = `decline-${need.id}`;
  return (
    <div className="need-actions no-print">
      {forward.length ? (
        <p className="need-forward">
          {forward.map((s) => (
            <button
              key={s}
              type="button"
              className="button"
              onClick={() => act(() => needsApi.triage(need.id, { status: s }), t(`needs.done.${s}`))}
            >
              {t(`needs.action.${s}`)}
              {hidden}
            </button>
          ))}
        </p>
      ) : null}
      <details className="need-more">
        <summary>
          {t('needs.more')}
          {hidden}
        </summary>
        <div className="need-inline">
          <SelectField
            id={`owner-${need.id}`}
            label={t('needs.assignTo')}
            value={owner}
            onChange={(e) => setOwner(e.target.value)}
          >
            <option value="">{t('needs.noOwner')}</option>
            {owners.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </SelectField>
          <button type="button" className="button-secondary" onClick={assign}>
            {t('needs.assign')}
            {hidden}
          </button>
        </div>
        {mayDecline ? (
          <div className="need-inline">
            <div className={noteError ? 'field field-invalid' : 'field'}>
              <label htmlFor={noteId}>{t('needs.declineNote')}</label>
              {noteError ? (
                <p className="field-error" id={`${noteId}-error`}>
                  {noteError}
                </p>
              ) : null}
              <textarea
                id={noteId}
                rows={2}
                value={note}
                onChange={(e) => setNote(e.target.value)}
                maxLength={2000}
                aria-invalid={noteError ? true : undefined}
                aria-describedby={noteError ? `${noteId}-error` : undefined}
              />
            </div>
            <button type="button" className="button-secondary" onClick={decline}>
              {t('needs.action.declined')}
              {hidden}
            </button>
          </div>
        ) : null}
      </details>
    </div>
  );
}

/** One need as a card: title (to its page), urgency, kind, unit, systems, owner and how long it has waited. */
export function NeedCard({
  need,
  now,
  timeZone,
  showStatus,
  triage,
}: {
  need: Need;
  now: string;
  timeZone: string;
  showStatus: boolean;
  triage: Omit<TriageProps, 'need'> | null;
}) {
  const t = useT();
  const { locale } = useLocale();
  const titleId = `need-${need.id}-title`;
  const open = need.status === 'new' || need.status === 'accepted' || need.status === 'in_progress';
  return (
    <li className={`need-card need-card-${need.urgency}`} aria-labelledby={titleId}>
      <h3 id={titleId} className="need-title">
        <Link to={`/needs/${encodeURIComponent(need.id)}`}>{need.title}</Link>
      </h3>
      <p className="need-badges">
        <UrgencyBadge urgency={need.urgency} /> {showStatus ? <NeedStatusBadge status={need.status} /> : null}
      </p>
      <p className="card-meta">
        {need.unit_name} · {t(`needs.category.${need.category}`)}
      </p>
      {need.systems.length ? (
        <p>
          <strong>{t('needs.systems')}:</strong> {need.systems.map((s) => s.name).join(', ')}
        </p>
      ) : null}
      <p>
        <strong>{t('needs.owner')}:</strong> {need.owner_name ?? t('needs.noOwner')}
      </p>
      <p className="card-meta">
        {t('needs.raised')} {formatAt(need.created_at, locale, timeZone)}
        {open ? ` (${t('needs.waited', { time: formatSpan(Date.parse(now) - Date.parse(need.created_at), t) })})` : ''}
      </p>
      {triage ? <TriageControls need={need} {...triage} /> : null}
    </li>
  );
}

/** The statuses in their board order. */
export const BOARD_STATUSES: readonly NeedStatus[] = NEED_STATUSES;
