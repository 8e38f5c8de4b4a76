/** Swedish texts of the workspace's finishing touches: the gates left in the systems list (spread into sv.ts). */
export const workspaceSv = {
  'systems.gatesLeft': 'Kontroller kvar: {count}',
  'systems.gatesLeftNames': 'Kvar: {names}',
} as const;
