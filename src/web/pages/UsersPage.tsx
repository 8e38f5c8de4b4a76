import { useState } from 'react';
import { ROLES, type Role } from '../../domain/roles.js';
import { ApiError, api, type User } from '../api.js';
import { useLookups } from '../catalogueData.js';
import {
  DataTable,
  ErrorAlert,
  errorText,
  Loading,
  PageHeading,
  SelectField,
  StatusMessage,
  SubmitButton,
  TextField,
  useActions,
  useFormSubmit,
  useLoad,
} from '../components.js';
import { useLocale, useT } from '../i18n.js';
import { Link } from '../router.js';
import { useSession, useSessionUser } from '../session.js';
import { InvitationLink } from './InvitationLink.js';

/** Administration of users: list, add with a one-time link, new link, end sessions, reset TOTP, disable. */
export function UsersPage() {
  const t = useT();
  const me = useSessionUser();
  if (me.role !== 'admin') {
    return (
      <>
        <PageHeading title={t('users.title')}>{t('users.title')}</PageHeading>
        <p className="notice">{t('users.forbidden')}</p>
      </>
    );
  }
  return <UsersAdmin />;
}

function UsersAdmin() {
  const t = useT();
  const { locale } = useLocale();
  const { units } = useLookups();
  const me = useSessionUser();
  const { refresh } = useSession();
  const { data, error, loading, reload } = useLoad(() => api.users(), []);
  const [link, setLink] = useState<{ url: string; name: string; note?: string; userId?: string } | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const { message, setMessage, actionError, act } = useActions(reload);

  const users = [...(data?.users ?? [])].sort((a, b) => a.name.localeCompare(b.name, locale));
  const edited = users.find((u) => u.id === editing) ?? null;

  const closeEdit = (id: string) => {
    setEditing(null);
    focusLater(editButtonId(id));
  };

  const newLink = (user: User) =>
    act(async () => {
      const { invitation_url: url } = await api.newInvitation(user.id);
      setLink({ url, name: user.name, userId: user.id });
    }, null);

  return (
    <>
      <PageHeading title={t('users.title')}>{t('users.title')}</PageHeading>
      {link?.note ? <p>{link.note}</p> : null}
      {/* It brings itself into view and takes the focus: the button that made it may be far below. */}
      {link ? <InvitationLink url={link.url} name={link.name} userId={link.userId} /> : null}
      <ErrorAlert message={error ? errorText(error, t) : actionError} />
      <StatusMessage message={message} />
      <p>
        <Link to="/audit">{t('users.auditLink')}</Link>
      </p>
      {loading && !data ? <Loading /> : null}
      {users.length ? (
        <DataTable caption={t('users.caption')}>
          <thead>
            <tr>
              <th scope="col">{t('users.col.name')}</th>
              <th scope="col">{t('users.col.email')}</th>
              <th scope="col">{t('users.col.role')}</th>
              <th scope="col">{t('users.col.unit')}</th>
              <th scope="col">{t('users.col.totp')}</th>
              <th scope="col">{t('users.col.state')}</th>
              <th scope="col">{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id} className={u.disabled ? 'row-muted' : undefined}>
                <th scope="row">{u.name}</th>
                <td>{u.email}</td>
                <td>{t(`role.${u.role}`)}</td>
                <td>{u.unit_id ? (units.get(u.unit_id)?.name ?? u.unit_id) : t('common.none')}</td>
                <td>{u.totp_enabled ? t('users.totpOn') : t('users.totpOff')}</td>
                <td>{u.disabled ? t('users.disabledState') : t('users.active')}</td>
                <td>
                  <div className="action-buttons">
                    <button
                      type="button"
                      id={editButtonId(u.id)}
                      className="button-small"
                      aria-label={t('users.editRole', { name: u.name })}
                      aria-expanded={editing === u.id}
                      aria-controls={editing === u.id ? 'edit-role' : undefined}
                      onClick={() => {
                        setMessage(null);
                        setEditing(u.id);
                        focusLater('edit-role-role');
                      }}
                    >
                      {t('users.editRoleShort')}
                    </button>
                    <button
                      type="button"
                      className="button-small"
                      aria-label={t('users.newLink', { name: u.name })}
                      onClick={() => newLink(u)}
                    >
                      {t('users.newLinkShort')}
                    </button>
                    <button
                      type="button"
                      className="button-small"
                      aria-label={t('users.revoke', { name: u.name })}
                      onClick={() => act(() => api.revokeSessions(u.id), t('users.revoked', { name: u.name }))}
                    >
                      {t('users.revokeShort')}
                    </button>
                    {u.totp_enabled ? (
                      <button
                        type="button"
                        className="button-small"
                        aria-label={t('users.resetTotp', { name: u.name })}
                        onClick={() =>
                          act(
                            async () => {
                              // The reset makes the link through which the new factor is enrolled.
                              const { invitation_url: invitationUrl } = await api.resetTotp(u.id);
                              const note = t('accounts.totpResetLink', { name: u.name });
                              setLink({ url: invitationUrl, name: u.name, note, userId: u.id });
                            },
                            t('users.totpReset', { name: u.name }),
                          )
                        }
                      >
                        {t('users.resetTotpShort')}
                      </button>
                    ) : null}
                    <button
                      type="button"
                      className="button-small"
                      aria-label={t('accounts.unlock', { name: u.name })}
                      onClick={() => act(() => api.unlockUser(u.id), t('accounts.unlocked', { name: u.name }))}
                    >
                      {t('accounts.unlockShort')}
                    </button>
                    <button
                      type="button"
                      className="button-small button-warning"
                      aria-label={t(u.disabled ? 'users.enable' : 'users.disable', { name: u.name })}
                      onClick={() =>
                        act(
                          () => api.updateUser(u.id, { disabled: !u.disabled }),
                          t(u.disabled ? 'users.enabledDone' : 'users.disabledDone', { name: u.name }),
                        )
                      }
                    >
                      {t(u.disabled ? 'users.enableShort' : 'users.disableShort')}
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      ) : null}
      {edited ? (
        <EditRole
          key={edited.id}
          user={edited}
          units={[...units.values()]}
          onCancel={() => closeEdit(edited.id)}
          onSaved={() => {
            setMessage(t('users.roleSaved', { name: edited.name }));
            closeEdit(edited.id);
            reload();
            // An administrator who gave itself another role must see the menu and pages of that role.
            if (edited.id === me.id) void refresh();
          }}
        />
      ) : null}
      <AddUser
        units={[...units.values()]}
        onAdded={(url, name, userId) => {
          setLink({ url, name, userId });
          setMessage(null);
          reload();
        }}
      />
    </>
  );
}

// After React has drawn what the click opened or closed.
function focusLater(id: string): void {
  window.setTimeout(() => document.getElementById(id)?.focus(), 0);
}

function editButtonId(userId: string): string {
  return `edit-role-${userId.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

function EditRole({
  user,
  units,
  onCancel,
  onSaved,
}: {
  user: User;
  units: { id: string; name: string }[];
  onCancel: () => void;
  onSaved: () => void;
}) {
  const t = useT();
  const [role, setRole] = useState<Role>(user.role);
  const [unitId, setUnitId] = useState(user.unit_id ?? '');
  const { errors, setErrors, busy, handler } = useFormSubmit(['role', 'unit_id']);

  const submit = handler(
    (): Record<string, string> => (role === 'reporter' && !unitId ? { unit_id: t('users.unitRequired') } : {}),
    async () => {
      try {
        // Another role than reporter drops the unit on the server; sending one would be refused.
        await api.updateUser(user.id, { role, ...(role === 'reporter' ? { unit_id: unitId } : {}) });
      } catch (error) {
        // The server's words for the last administrator are English; say it in the UI's language.
        if (error instanceof ApiError && error.code === 'conflict' && error.field === 'role') {
          setErrors({ fields: { role: t('users.lastAdmin') }, general: null });
          return;
        }
        throw error;
      }
      onSaved();
    },
  );

  return (
    <section id="edit-role" aria-labelledby="edit-role-title" className="panel">
      <h2 id="edit-role-title">{t('users.editRole', { name: user.name })}</h2>
      <ErrorAlert message={errors.general} />
      <form onSubmit={submit} noValidate className="form">
        <RoleAndUnitFields
          idPrefix="edit-role"
          role={role}
          unitId={role === 'reporter' ? unitId : ''}
          units={units}
          onRole={setRole}
          onUnit={setUnitId}
          errors={errors.fields}
        />
        <div className="button-row">
          <SubmitButton busy={busy}>{t('users.saveRole', { name: user.name })}</SubmitButton>
          <button type="button" className="button-secondary" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}

function AddUser({
  units,
  onAdded,
}: {
  units: { id: string; name: string }[];
  onAdded: (url: string, name: string, userId: string) => void;
}) {
  const t = useT();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('staff');
  const [unitId, setUnitId] = useState('');
  const { errors, clear, busy, handler } = useFormSubmit(['email', 'name', 'role', 'unit_id']);

  const submit = handler(
    () => {
      const fields: Record<string, string> = {};
      if (!email.trim()) fields.email = t('common.required', { field: t('field.email').toLowerCase() });
      if (!name.trim()) fields.name = t('common.required', { field: t('field.name').toLowerCase() });
      if (role === 'reporter' && !unitId) fields.unit_id = t('users.unitRequired');
      return fields;
    },
    async () => {
      const result = await api.addUser({
        email: email.trim(),
        name: name.trim(),
        role,
        ...(role === 'reporter' ? { unit_id: unitId } : {}),
      });
      clear();
      setEmail('');
      setName('');
      setUnitId('');
      onAdded(result.invitation_url, result.user.name, result.user.id);
    },
  );

  return (
    <section aria-labelledby="add-user-title" className="panel">
      <h2 id="add-user-title">{t('users.addTitle')}</h2>
      <ErrorAlert message={errors.general} />
      <form onSubmit={submit} noValidate className="form">
        <TextField
          id="user-email"
          label={t('field.email')}
          type="email"
          autoComplete="off"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={errors.fields.email}
        />
        <TextField
          id="user-name"
          label={t('field.name')}
          autoComplete="off"
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={errors.fields.name}
        />
        <RoleAndUnitFields
          idPrefix="user"
          role={role}
          unitId={unitId}
          units={units}
          onRole={setRole}
          onUnit={setUnitId}
          errors={errors.fields}
        />
        <SubmitButton busy={busy}>{t('users.add')}</SubmitButton>
      </form>
    </section>
  );
}

/** A user's role and, for a reporter, the unit it reports for; the unit is disabled for other roles. */
function RoleAndUnitFields({
  idPrefix,
  role,
  unitId,
  units,
  onRole,
  onUnit,
  errors,
}: {
  idPrefix: string;
  role: Role;
  unitId: string;
  units: { id: string; name: string }[];
  onRole: (role: Role) => void;
  onUnit: (unitId: string) => void;
  errors: Record<string, string | undefined>;
}) {
  const t = useT();
  return (
    <>
      <SelectField
        id={`${idPrefix}-role`}
        label={t('users.role')}
        value={role}
        onChange={(e) => onRole(e.target.value as Role)}
        error={errors.role}
      >
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {t(`role.${r}`)}
          </option>
        ))}
      </SelectField>
      <SelectField
        id={`${idPrefix}-unit`}
        label={t('users.unit')}
        hint={t('users.unitHint')}
        value={unitId}
        onChange={(e) => onUnit(e.target.value)}
        error={errors.unit_id}
        disabled={role !== 'reporter'}
      >
        <option value="">{t('users.chooseUnit')}</option>
        {units.map((u) => (
          <option key={u.id} value={u.id}>
            {u.name}
          </option>
        ))}
      </SelectField>
    </>
  );
}
