/** Swedish texts of sessions, API token kinds and account locks (spread into sv.ts). */
export const accountsSv = {
  'accounts.tokenReadOnly': 'Endast läsning (kan inte ändra något)',
  'accounts.tokenDays': 'Giltig antal dagar',
  'accounts.tokenDaysHint': 'Högst 3650. Utan värde gäller nyckeln i 90 dagar.',
  'accounts.tokenDaysInvalid': 'Ange ett heltal från 1 till 3650.',
  'accounts.col.access': 'Behörighet',
  'accounts.col.expires': 'Upphör',
  'accounts.readOnly': 'Läsa',
  'accounts.readWrite': 'Läsa och skriva',
  'accounts.mySessionsCaption': 'Dina inloggningar',
  'accounts.col.started': 'Startad',
  'accounts.col.seen': 'Senast aktiv',
  'accounts.col.from': 'Från',
  'accounts.current': 'Den här webbläsaren',
  'accounts.endSession': 'Avsluta inloggningen från {started}',
  'accounts.endSessionShort': 'Avsluta',
  'accounts.sessionEnded': 'Inloggningen är avslutad.',
  'accounts.unlock': 'Lås upp inloggningen för {name}',
  'accounts.unlockShort': 'Lås upp',
  'accounts.unlocked': 'Inloggningen för {name} är upplåst.',
  'accounts.totpResetLink':
    'Tvåstegsverifieringen för {name} är nollställd. Personen lägger upp en ny med länken nedan, inte med enbart lösenordet.',
} as const;
