import type { noticesSv } from './notices.sv.js';

/** English texts of public updates, the site's languages and public forecasts (spread into en.ts). */
export const noticesEn: { readonly [K in keyof typeof noticesSv]: string } = {
  'nav.notices': 'Public updates',

  'log.kind.notice': 'Public update',

  'err.notices.notFound': 'There is no such update.',
  'err.notices.transition': 'This action ({action}) is not possible while the update is {status}.',
  'err.notices.notDraft': 'Only a draft can be changed: send it back to draft first.',
  'err.notices.badLanguage': '"{code}" is not a two-letter ISO 639-1 language code.',
  'err.notices.noLanguage': '"{lang}" is not one of the site\'s languages.',
  'err.notices.smsTooLong': 'The SMS summary is {units} characters; one SMS holds {limit}.',
  'err.notices.noIncident': 'There is no open incident to write an update about.',
  'err.notices.exercise': 'An exercise is never published: the public site shows real incidents only.',
  'err.notices.fourEyes': 'Someone other than the author must publish this update.',
  'err.notices.notPublished': 'Only a published update can be printed.',
  'err.notices.noService': 'There is no public service with this id.',
};
