import type { Static } from '@sinclair/typebox';
import type {
  ApprovePictureBody,
  DraftPictureSchema,
  PictureContentSchema,
  PictureListSchema,
  PictureResponse,
} from '../../../server/situation/picture.schemas.js';
import { request } from '../../api.js';

/** The picture itself, as a draft shows it and an approval froze it. */
export type PictureContent = Static<typeof PictureContentSchema>;

/** GET /api/picture: the draft built now, beside the last approved one. */
export type DraftPicture = Static<typeof DraftPictureSchema>;

/** One approved picture with its frozen content. */
export type ApprovedPicture = Static<typeof PictureResponse>['picture'];

/** GET /api/pictures: every approved picture, newest first. */
export type PictureList = Static<typeof PictureListSchema>;

/** The picture's calls of the HTTP API (docs/api.md, "Situation picture"). */
export const pictureApi = {
  draft: () => request<DraftPicture>('GET', '/api/picture'),
  approve: (body: Static<typeof ApprovePictureBody>) =>
    request<Static<typeof PictureResponse>>('POST', '/api/pictures', { body }),
  list: () => request<PictureList>('GET', '/api/pictures'),
  one: (id: string) => request<Static<typeof PictureResponse>>('GET', `/api/pictures/${encodeURIComponent(id)}`),
  exportHref: (id: string) => `/api/pictures/${encodeURIComponent(id)}/export`,
};
