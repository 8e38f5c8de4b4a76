import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { ROLES } from '../../domain/roles.js';

/** An e-mail address, loosely: something@somewhere. */
export const Email = Type.String({ minLength: 3, maxLength: 254, pattern: '^[^\\s@]+@[^\\s@]+$' });
/** A password as typed; its strength is checked by the service with a clearer message. */
export const Password = Type.String({ minLength: 1, maxLength: 1024 });
/** A display name. */
export const Name = Type.String({ minLength: 1, maxLength: 200 });
/** A one-time token from a link. */
export const LinkToken = Type.String({ minLength: 1, maxLength: 200 });
/** One of the roles. */
export const RoleSchema = Type.Union(ROLES.map((r) => Type.Literal(r)));
/** A unit id as the catalogue spells it. */
export const UnitId = Type.String({ minLength: 1, maxLength: 64 });

/** POST /api/auth/login */
export const LoginBody = Type.Object({ email: Email, password: Password }, { additionalProperties: false });
/** POST /api/setup */
export const SetupBody = Type.Object(
  { token: LinkToken, email: Email, name: Name, password: Password },
  { additionalProperties: false },
);
/** POST /api/auth/totp/verify and /confirm */
export const CodeBody = Type.Object(
  { code: Type.String({ minLength: 6, maxLength: 40 }) },
  { additionalProperties: false },
);
/** PATCH /api/auth/me */
export const MeBody = Type.Object(
  { name: Type.Optional(Name), locale: Type.Optional(Type.Union([Type.Literal('sv'), Type.Literal('en')])) },
  { additionalProperties: false },
);
/** POST /api/auth/password */
export const PasswordBody = Type.Object(
  { current_password: Password, new_password: Password },
  { additionalProperties: false },
);
/** POST /api/invitations/inspect */
export const InspectBody = Type.Object({ token: LinkToken }, { additionalProperties: false });
/** POST /api/invitations/accept */
export const AcceptBody = Type.Object(
  { token: LinkToken, password: Password, name: Type.Optional(Name) },
  { additionalProperties: false },
);
/** POST /api/users */
export const CreateUserBody = Type.Object(
  { email: Email, name: Name, role: RoleSchema, unit_id: Type.Optional(Type.Union([UnitId, Type.Null()])) },
  { additionalProperties: false },
);
/** PATCH /api/users/:id */
export const PatchUserBody = Type.Object(
  {
    name: Type.Optional(Name),
    role: Type.Optional(RoleSchema),
    unit_id: Type.Optional(Type.Union([UnitId, Type.Null()])),
    disabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
/** `:id` in a path. */
export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });
/** POST /api/tokens */
export const CreateTokenBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    /** Safe methods only (GET, HEAD, OPTIONS). */
    read_only: Type.Optional(Type.Boolean()),
    /** Days until the token expires; 90 unless given. */
    expires_days: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
  },
  { additionalProperties: false },
);
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/**
 * A user as the API shows it. Response schemas are also filters: Fastify serialises with them, so a
 * field not named here (a password hash, a TOTP secret) can never reach a client.
 */
export const UserSchema = Type.Object({
  id: Type.String(),
  email: Type.String(),
  name: Type.String(),
  role: RoleSchema,
  unit_id: Nullable(Type.String()),
  locale: Nullable(Type.Union([Type.Literal('sv'), Type.Literal('en')])),
  totp_enabled: Type.Boolean(),
  disabled: Type.Boolean(),
  created_at: Type.String(),
});
/** Where the second factor stands for the current session. */
export const TotpStateSchema = Type.Union([Type.Literal('ok'), Type.Literal('verify'), Type.Literal('enroll')]);
/** The answer of login, set-up, invitation acceptance, TOTP verification and GET /api/auth/me. */
export const SessionSchema = Type.Object({
  user: UserSchema,
  /** Null for an API token, which needs none. */
  csrf_token: Nullable(Type.String()),
  totp: TotpStateSchema,
});
/** GET /api/setup */
export const SetupNeededSchema = Type.Object({ needed: Type.Boolean() });
/** POST /api/auth/totp/enroll */
export const TotpEnrolSchema = Type.Object({
  secret: Type.String(),
  otpauth_url: Type.String(),
  qr_data_url: Type.String({ description: 'a data:image/svg+xml or png data URL' }),
});
/** POST /api/auth/totp/confirm: shown once. */
export const RecoveryCodesSchema = Type.Object({ recovery_codes: Type.Array(Type.String()) });
/** `{ user }`: PATCH /api/auth/me and /api/users/:id. */
export const UserOnlySchema = Type.Object({ user: UserSchema });
/** POST /api/invitations/inspect */
export const InvitationSchema = Type.Object({
  email: Type.String(),
  name: Type.String(),
  role: RoleSchema,
  purpose: Type.Union([Type.Literal('invite'), Type.Literal('reset')]),
});
/** GET /api/users */
export const UserListSchema = Type.Object({ users: Type.Array(UserSchema) });
/** POST /api/users */
export const CreatedUserSchema = Type.Object({ user: UserSchema, invitation_url: Type.String() });
/** A one-time link: a new invitation, or the link of a TOTP reset. */
export const InvitationUrlSchema = Type.Object({ invitation_url: Type.String() });
/** An API token as listed: the secret itself is shown only at creation. */
export const TokenSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  created_at: Type.String(),
  last_used_at: Nullable(Type.String()),
  user_email: Type.String(),
  read_only: Type.Boolean(),
  expires_at: Nullable(Type.String()),
});
/** GET /api/tokens */
export const TokenListSchema = Type.Object({ tokens: Type.Array(TokenSchema) });
/** POST /api/tokens: the secret, shown once. */
export const CreatedTokenSchema = Type.Object({
  id: Type.String(),
  token: Type.String(),
  read_only: Type.Boolean(),
  expires_at: Type.String(),
});
/** One of the caller's own sessions. */
export const MySessionSchema = Type.Object({
  id: Type.String(),
  created_at: Type.String(),
  last_seen_at: Type.String(),
  expires_at: Type.String(),
  ip: Nullable(Type.String()),
  user_agent: Nullable(Type.String()),
  current: Type.Boolean(),
});
/** GET /api/auth/sessions */
export const SessionList = Type.Object({ sessions: Type.Array(MySessionSchema) });
/** The answer of a route that answers nothing. */
export const NoContent = Type.Null({ description: 'No content' });

/** A user as the API shows it (snake_case). */
export type UserJson = Static<typeof UserSchema>;

/** The JSON view of a user the services describe: the one place their names turn into the API's. */
export function userJson(u: {
  id: string;
  email: string;
  name: string;
  role: UserJson['role'];
  unitId: string | null;
  locale: 'sv' | 'en' | null;
  totpEnabled: boolean;
  disabled: boolean;
  createdAt: string;
}): UserJson {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    unit_id: u.unitId,
    locale: u.locale,
    totp_enabled: u.totpEnabled,
    disabled: u.disabled,
    created_at: u.createdAt,
  };
}
