/** Swedish texts of the workspace's finishing touches: the gates left in the systems list (spread into sv.ts). */
export const workspaceSv = {
  'systems.gatesLeft': 'Kontroller kvar: {count}',
  'systems.gatesLeftNames': 'Kvar: {names}',
  // The event log's entry for an import (the whole catalogue, no id): "Katalogen: importerad".
  'log.render.catalogueWhole': '{entity}: {action}',
  'log.entity.catalogue': 'Katalogen',
  'log.action.import': 'importerad',
} as const;
