import { Type } from '@sinclair/typebox';
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
  { currentPassword: Password, newPassword: Password },
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
  { email: Email, name: Name, role: RoleSchema, unitId: Type.Optional(Type.Union([UnitId, Type.Null()])) },
  { additionalProperties: false },
);
/** PATCH /api/users/:id */
export const PatchUserBody = Type.Object(
  {
    name: Type.Optional(Name),
    role: Type.Optional(RoleSchema),
    unitId: Type.Optional(Type.Union([UnitId, Type.Null()])),
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
    readOnly: Type.Optional(Type.Boolean()),
    /** Days until the token expires; 90 unless given. */
    expiresDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
  },
  { additionalProperties: false },
);
/** GET /api/auth/sessions */
export const SessionList = Type.Object({
  sessions: Type.Array(
    Type.Object({
      id: Type.String(),
      createdAt: Type.String(),
      lastSeenAt: Type.String(),
      expiresAt: Type.String(),
      ip: Type.Union([Type.String(), Type.Null()]),
      userAgent: Type.Union([Type.String(), Type.Null()]),
      current: Type.Boolean(),
    }),
  ),
});
