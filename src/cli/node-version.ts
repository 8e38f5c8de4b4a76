/**
 * Whether this Node.js can run Lifeboat: 20.19+ on the 20 line, 22.12+ on 22, any later line. Those
 * are the versions where CommonJS may `require()` an ES module without a flag, which @fastify/static
 * does with content-disposition 3 (see the README); an older one would stop with ERR_REQUIRE_ESM.
 */
export function nodeSupported(version: string): boolean {
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number);
  if (major === 20) return minor >= 19;
  if (major === 22) return minor >= 12;
  return major > 22;
}
