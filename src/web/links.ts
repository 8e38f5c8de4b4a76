/** The code of a one-time link split into groups of four, easy to read over the phone. */
export function spokenCode(url: string): string {
  const token = url.includes('#') ? url.slice(url.indexOf('#') + 1) : url;
  return (token.replace(/[^0-9A-Za-z]/g, '').match(/.{1,4}/g) ?? []).join(' ');
}
