/** The confirmation pages of unsubscribe links: plain HTML, no script, no outside resources. */

const escaped = (text: string): string =>
  text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

/** Nothing but inline styles and a form posting back to the same link. */
export const PAGE_SECURITY = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'";

const page = (title: string, body: string): string =>
  `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem}button{font:inherit;padding:.5rem 1rem}</style>
</head>
<body>
${body}
</body>
</html>
`;

const what = (topic: string | undefined): string =>
  topic === undefined ? 'these emails' : `emails about ${escaped(topic)}`;

/**
 * Asks before unsubscribing: mail scanners and link previews fetch links with GET, so only the
 * button's POST unsubscribes.
 */
export const confirmationPage = (topic: string | undefined): string =>
  page(
    'Unsubscribe',
    `<h1>Unsubscribe</h1>
<p>Stop receiving ${what(topic)} at this address?</p>
<form method="post">
<input type="hidden" name="confirm" value="yes">
<button type="submit">Unsubscribe</button>
</form>`,
  );

export const unsubscribedPage = (topic: string | undefined): string =>
  page('Unsubscribed', `<h1>Unsubscribed</h1>\n<p>You will no longer receive ${what(topic)}.</p>`);
