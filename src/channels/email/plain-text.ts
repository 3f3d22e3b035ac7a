import { compile } from 'html-to-text';

/**
 * Lines of at most 78 characters, as RFC 5322 recommends; images dropped (their alt text is
 * rarely written for reading); a link's address shown unless its text already is it.
 * Compiled once: building the selectors is much of a short conversion's cost.
 */
const toText = compile({
  wordwrap: 78,
  selectors: [
    { selector: 'a', options: { hideLinkHrefIfSameAsText: true } },
    { selector: 'img', format: 'skip' },
  ],
});

/**
 * The plain-text part for an HTML body sent without one: mail clients that show no HTML read
 * it, and spam filters count a message without it against the sender.
 */
export const plainTextOf = (html: string): string => toText(html).trim();
