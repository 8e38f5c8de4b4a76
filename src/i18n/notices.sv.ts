/** Swedish texts of public updates (meddelanden), the site's languages and public forecasts (spread into sv.ts). */
export const noticesSv = {
  'nav.notices': 'Meddelanden',

  'log.kind.notice': 'Meddelande',

  // Refusals of the notices API (kept here, beside the feature, rather than in errors.*.ts).
  'err.notices.notFound': 'Meddelandet finns inte.',
  'err.notices.transition': 'Det går inte ({action}) medan meddelandet har status {status}.',
  'err.notices.notDraft': 'Bara ett utkast kan ändras: skicka först tillbaka det till utkast.',
  'err.notices.badLanguage': '"{code}" är inte en språkkod med två bokstäver enligt ISO 639-1.',
  'err.notices.noLanguage': '"{lang}" är inte ett av webbplatsens språk.',
  'err.notices.smsTooLong': 'Sms-sammanfattningen är {units} tecken; ett sms rymmer {limit}.',
  'err.notices.noIncident': 'Det finns ingen pågående incident att skriva ett meddelande om.',
  'err.notices.exercise': 'En övning publiceras aldrig: den publika webbplatsen visar bara verkliga incidenter.',
  'err.notices.fourEyes': 'Någon annan än den som skrev meddelandet måste publicera det.',
  'err.notices.notPublished': 'Bara ett publicerat meddelande kan skrivas ut.',
  'err.notices.noService': 'Det finns ingen publik tjänst med det id:t.',
};
