/**
 * The mail texts in Dutch, the catalogue every other language follows (same keys). ICU MessageFormat
 * (intl-messageformat): `{name}` placeholders, counts as plurals, events as selects. Short and plain:
 * one sentence and a link per notification.
 */
export const nl = {
  greeting: 'Hallo {name},',
  signature: 'Groet,\nWaardewerk',
  settings: 'Welke mails je krijgt en wanneer, stel je in op je profiel: {url}',
  unsubscribe: 'Geen mails meer over „{kind}”: {url}',
  'verify_email.subject': 'Bevestig je e-mailadres',
  'verify_email.body':
    'Bevestig dat dit je adres is voor Waardewerk. De link werkt {hours, plural, one {# uur} other {# uur}}:\n{url}\n\nHeb je geen account gemaakt? Dan kun je deze mail negeren.',
  'password_reset.subject': 'Een nieuw wachtwoord voor Waardewerk',
  'password_reset.body':
    'Je vroeg om een nieuw wachtwoord. Kies het via deze link; hij werkt {minutes, plural, one {# minuut} other {# minuten}} en één keer:\n{url}\n\nVroeg je niets aan? Dan kun je deze mail negeren: je wachtwoord blijft zoals het is.',
  'digest.subject': '{count, plural, one {# nieuw bericht} other {# nieuwe berichten}} op Waardewerk',
  'digest.intro': 'Dit is er gebeurd sinds je laatste overzicht:',
  'kind.engagement_invited': 'uitnodigingen',
  'kind.hours_to_confirm': 'uren om te bevestigen',
  'kind.engagement_accepted': 'aanmeldingen die zijn geaccepteerd',
  'kind.not_selected': 'aanmeldingen waarvoor iemand anders is gekozen',
  'kind.engagement_proposed': 'nieuwe aanmeldingen',
  'kind.engagement_message': 'berichten',
  'kind.engagement_update': 'veranderingen in je afspraken',
  'kind.new_match': 'nieuwe taken die bij je passen',
  'engagement_invited.subject': 'Je bent uitgenodigd voor „{title}”',
  'engagement_invited.line': 'Je bent uitgenodigd voor „{title}”. Zeg ja of nee: {url}',
  'hours_to_confirm.subject': 'Uren om te bevestigen: „{title}”',
  'hours_to_confirm.line': 'Er zijn uren geschreven voor „{title}”. Wil je ze bevestigen? {url}',
  'engagement_accepted.subject': 'Geaccepteerd: „{title}”',
  'engagement_accepted.line': 'Je aanmelding voor „{title}” is geaccepteerd. Bekijk de afspraak: {url}',
  'not_selected.subject': 'Niet gekozen: „{title}”',
  'not_selected.line':
    'Voor „{title}” is iemand anders gekozen. Dank je wel voor je aanmelding. Er zijn meer taken: {url}',
  'engagement_proposed.subject': 'Nieuwe aanmelding: „{title}”',
  'engagement_proposed.line': 'Iemand meldde zich aan voor „{title}”: {url}',
  'engagement_message.subject': 'Nieuw bericht over „{title}”',
  'engagement_message.line': 'Er is een nieuw bericht over „{title}”: {url}',
  'engagement_update.subject': 'Nieuws over „{title}”',
  'engagement_update.line':
    '{event, select, accepted {Je uitnodiging voor „{title}” is aangenomen.} declined {„{title}” is afgewezen.} cancelled {„{title}” is afgezegd.} confirmed {De uren voor „{title}” zijn bevestigd.} delivered {De spullen voor „{title}” zijn afgeleverd.} disputed {Over „{title}” is een bezwaar gemaakt.} other {Er is nieuws over „{title}”.}} {url}',
  'new_match.subject': 'Een nieuwe taak die bij je past: „{title}”',
  'new_match.line': 'Een nieuwe taak past bij je aanbod: „{title}”. {url}',
};

export type MailMessageKey = keyof typeof nl;
export type MailCatalogue = Record<MailMessageKey, string>;
