import type { workspaceSv } from './workspace.sv.js';

/** English texts of the workspace's finishing touches: the gates left in the systems list (spread into en.ts). */
export const workspaceEn: { readonly [K in keyof typeof workspaceSv]: string } = {
  'systems.gatesLeft': 'Gates left: {count}',
  'systems.gatesLeftNames': 'Left: {names}',
  'log.render.catalogueWhole': '{entity}: {action}',
  'log.entity.catalogue': 'The catalogue',
  'log.action.import': 'imported',
};
