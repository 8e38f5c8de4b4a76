import type { adviceSv } from './advice.sv.js';

/** English texts of what the forecast learned and where one more person helps most (spread into en.ts). */
export const adviceEn: { readonly [K in keyof typeof adviceSv]: string } = {
  'learned.systems.one': '1 finished system',
  'learned.systems.many': '{count} finished systems',
  'learned.inProgress': ' ({count} in progress)',
  'learned.line':
    'Learned from {systems}{progress}: the work runs {factor}× the estimates (90 % interval {low}–{high})',
  'learned.took': 'Took {hours} h from restoring to back',
  'learned.elapsed': 'In progress for {hours} h',
  'learned.estimate': 'estimated {likely} h ({low}–{high} h)',
  'learned.actualTitle': 'So far',
  'advice.title': 'Where one more person helps most',
  'advice.intro':
    'The plan with one more person on one team at a time, with the same draws of the forecast as the plan above: the differences are the person’s, not chance.',
  'advice.people': '{from} → {to} people',
  'advice.allBack': 'Everything back (P50): {gain}',
  'advice.p90': 'P90: {gain}',
  'advice.services': 'Most important services: {list}',
  'advice.servicesNone': 'Most important services: none earlier',
  'advice.service': '{name} {gain}',
  'advice.earlierHours': '{hours} h earlier',
  'advice.earlierDays': '{days} days earlier',
  'advice.laterHours': '{hours} h later',
  'advice.same': 'no change',
  'advice.nothing': 'No team has more open systems than people: one more person changes nothing.',
  'advice.rest': 'One more person changes nothing for: {teams}.',
  'advice.listLabel': 'Teams ranked by how much earlier everything is back with one more person',
};
