import { Parser } from 'htmlparser2';
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

/** Thrown from inside the parser's callback to stop it at the first element too deep. */
class TooDeep extends Error {}

/**
 * Whether elements nest deeper than `limit` in `html`, as htmlparser2, the parser the text
 * conversion uses, nests them (void elements and implied end tags included). Checked before the
 * conversion, whose recursion over a deep tree runs out of stack or takes seconds; it stops at
 * the first element past the limit, so a deep body costs little to refuse.
 */
export function nestsDeeperThan(html: string, limit: number): boolean {
  let depth = 0;
  const parser = new Parser({
    onopentag: () => {
      depth += 1;
      if (depth > limit) throw new TooDeep();
    },
    onclosetag: () => {
      depth -= 1;
    },
  });
  try {
    parser.end(html);
    return false;
  } catch (error) {
    if (error instanceof TooDeep) return true;
    throw error;
  }
}
