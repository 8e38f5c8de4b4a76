import type { importsSv } from './imports.sv.js';

/** English texts of safe imports (spread into en.ts); a missing key fails the type check. */
export const importsEn: { readonly [K in keyof typeof importsSv]: string } = {
  'import.modeLegend': 'How should the file be imported?',
  'import.mode.merge': 'Merge: add and update what the file holds, remove nothing',
  'import.mode.replace': 'Replace the whole catalogue: what the file lacks is removed',
  'import.statuses': 'Take status and remaining time from the file (otherwise the current ones are kept)',
  'import.previewMerge': 'Preview the merge',
  'import.previewReplace': 'Preview the replacement',
  'import.modeShown.merge': 'Merge: nothing is removed.',
  'import.modeShown.replace': 'Replace: what the file lacks is removed.',
  'import.statusesShown.kept': 'Current statuses are kept.',
  'import.statusesShown.taken': 'Status and remaining time are taken from the file.',
  'import.applyReplace': 'Replace the catalogue …',
  'import.confirmTitle': 'Replace the whole catalogue?',
  'import.confirmIntro': 'This is removed for good:',
  'import.confirmNothing': 'Nothing is removed.',
  'import.confirmYes': 'Yes, replace and remove {count}',
  'import.encodingWarning':
    'The file is not UTF-8. It was read as Windows-1252 (as Swedish Excel saves CSV). Check å, ä and ö below, or save the file as UTF-8.',
  'import.warningsTitle': 'To check',
  'import.field': 'Field',
  'import.before': 'Before',
  'import.after': 'After',
  'import.empty': '(empty)',
  'import.changesOf': 'Changes to {name}',
  'import.f.organisation': 'Organisation',
  'import.f.capacity': 'Capacity',
  'import.f.kind': 'Kind',
  'import.f.contacts': 'Contacts',
  'import.f.locale': 'Language',
  'import.f.timezone': 'Time zone',
};
