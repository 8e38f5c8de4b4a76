import type { subscribeSv } from './subscribe.sv.js';

/** English texts of subscriptions (spread into en.ts); a missing key fails the type check. */
export const subscribeEn: { readonly [K in keyof typeof subscribeSv]: string } = {
  'subscribe.frame.skip': 'Skip to content',
  'subscribe.frame.languages': 'Language',
  'subscribe.frame.footer': 'Updates from {organisation} during an ongoing disruption.',
  'subscribe.title': 'Get updates by e-mail',
  'subscribe.intro':
    'Enter your e-mail address and we will send you every new update about the disruption. First you get an e-mail with a link that you must open to start your subscription.',
  'subscribe.email': 'E-mail address',
  'subscribe.emailHint': 'For example name@example.com',
  'subscribe.lang': 'Language of the updates',
  'subscribe.submit': 'Subscribe',
  'subscribe.privacy':
    'We keep only your e-mail address and the language you chose. You can unsubscribe at any time with the link in every message.',
  'subscribe.invalid': 'Enter an e-mail address, for example name@example.com.',
  'subscribe.errorTitle': 'That did not work',
  'subscribe.tooMany': 'Too many attempts from your connection. Wait a while and try again.',
  'subscribe.sent.title': 'Check your e-mail',
  'subscribe.sent.text':
    'If the address can receive e-mail, a message from us will arrive shortly. Open the link in it to start your subscription. The link works for 7 days.',
  'subscribe.sent.none': 'Nothing arrived? Look in your spam folder, or try again in a while.',
  'subscribe.confirm.title': 'Confirm your subscription',
  'subscribe.confirm.text': 'Press the button and we will start sending updates about the disruption to your e-mail.',
  'subscribe.confirm.submit': 'Yes, send me updates',
  'subscribe.confirmed.title': 'You are now subscribed',
  'subscribe.confirmed.text':
    'You will get an e-mail every time we publish or change an update. Every message has a link to unsubscribe.',
  'subscribe.badLink.title': 'The link does not work',
  'subscribe.badLink.text': 'The link is too old or has been used already.',
  'subscribe.again': 'Start again and subscribe',
  'subscribe.home': 'To the front page',
  'unsubscribe.title': 'Unsubscribe',
  'unsubscribe.text': 'Press the button and we will stop sending you updates and delete your e-mail address.',
  'unsubscribe.submit': 'Unsubscribe',
  'unsubscribe.done.title': 'You are no longer subscribed',
  'unsubscribe.done.text': 'We have deleted your e-mail address. You will get no more messages from us.',
  'subscribe.mail.confirm.subject': 'Confirm that you want updates from {organisation}',
  'subscribe.mail.confirm.body':
    'Hello,\n\nSomeone, hopefully you, asked for updates from {organisation} about the ongoing disruption to be sent to this address.\n\nOpen the link to confirm (it works for 7 days):\n{link}\n\nWas it not you? Do nothing, and we will delete the address in 7 days.',
  'subscribe.mail.notice.amended': 'Changed: {title}',
  'subscribe.mail.notice.read': 'Read the update on the web:',
  'subscribe.mail.notice.unsubscribe': 'No more updates? Unsubscribe here:',

  'err.webhook.url':
    'The address must be an https:// URL (http:// only to 127.0.0.1 or localhost), without a user name or password.',
  'err.webhook.address':
    'The address is not a public one (this machine, a private or a link-local network). The server’s operator can allow a network for webhooks.',
  'err.webhook.exists': 'A webhook with this address exists already.',
  'err.webhook.notFound': 'No such webhook.',

  'audit.action.webhook_created': 'Webhook added',
  'audit.action.webhook_secret_rotated': 'Webhook given a new key',
  'audit.action.webhook_removed': 'Webhook removed',

  'nav.webhooks': 'Webhooks',
  'webhooks.title': "Partners' webhooks",
  'webhooks.intro':
    "Partners who want every published update automatically (a neighbouring municipality, an alerting system). Every call is signed with the partner's secret key.",
  'webhooks.residents': 'Residents subscribed by e-mail: {active} (awaiting confirmation: {pending})',
  'webhooks.listTitle': 'Webhooks',
  'webhooks.empty': 'No webhooks yet.',
  'webhooks.col.name': 'Name',
  'webhooks.col.url': 'Address (URL)',
  'webhooks.col.created': 'Created',
  'webhooks.col.actions': 'Actions',
  'webhooks.addTitle': 'Add a webhook',
  'webhooks.name': 'Name',
  'webhooks.url': 'Address (https://…)',
  'webhooks.urlHint': 'Must start with https://',
  'webhooks.add': 'Add',
  'webhooks.secretTitle': 'Secret key for {name}',
  'webhooks.secretText': 'Copy the key now and give it to the partner safely. It is shown only this once.',
  'webhooks.secretLabel': 'Secret key',
  'webhooks.secretDone': 'I have copied the key',
  'webhooks.rotate': 'New key for {name}',
  'webhooks.remove': 'Remove {name}',
  'webhooks.removeConfirm': 'Remove the webhook {name}? The partner will get no more calls.',
  'webhooks.test': 'Send a test to {name}',
  'webhooks.testQueued': 'A test call to {name} is in the outgoing queue.',
  'webhooks.removed': 'The webhook {name} is removed.',
};
