/** Swedish texts of the request limits (spread into sv.ts). */
export const limitsSv = {
  'error.body_too_large': 'Det som skickades är för stort.',
  'error.body_too_deep': 'Det som skickades är för djupt nästlat.',
};
