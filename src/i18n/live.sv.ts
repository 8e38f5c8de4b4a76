/** Swedish texts of the live-update indicator (spread into sv.ts). */
export const liveSv = {
  'live.open': 'Uppdateras direkt',
  'live.connecting': 'Ansluter…',
  'live.reconnecting': 'Tappade kontakten – försöker igen. Sidan kan vara inaktuell.',
  'live.off': 'Uppdateras inte direkt – ladda om sidan.',
};
