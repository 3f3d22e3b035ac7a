import { XMLParser } from 'fast-xml-parser';
import { SyntaxValidator } from 'fast-xml-validator';

/** Twilio's own limit on the `Twiml` parameter of a call. */
export const MAX_TWIML_LENGTH = 4000;

/** Validation code of inline TwiML that Twilio would refuse. */
export const INVALID_TWIML = 'invalid_twiml';

type Node = Record<string, unknown>;

// Entities are left as written: the document is only inspected here, Twilio is what reads it.
const parser = new XMLParser({
  preserveOrder: true,
  processEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  commentPropName: '#comment',
});

/** The names of the top-level nodes that are not comments. */
function topLevelNames(xml: string): string[] {
  const nodes = parser.parse(xml) as Node[];
  return nodes.flatMap((node) => Object.keys(node).filter((name) => name !== '#comment'));
}

/** Why `xml` is not well-formed, as the validator words it; it throws rather than answers. */
function syntaxProblem(xml: string): string | undefined {
  try {
    SyntaxValidator.validate(xml);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : 'unreadable';
  }
}

/**
 * Why `xml` is not TwiML Twilio takes inline, or `undefined` when it is: at most 4,000
 * characters, well-formed, and one root element, `<Response>`. The syntax validator accepts
 * several root elements, hence the check of the top level.
 */
export function twimlProblem(xml: string): string | undefined {
  if (xml.length > MAX_TWIML_LENGTH) {
    return `is ${xml.length} characters long; Twilio takes at most ${MAX_TWIML_LENGTH}`;
  }
  const malformed = syntaxProblem(xml);
  if (malformed !== undefined) return `is not well-formed XML: ${malformed}`;
  const names = topLevelNames(xml);
  if (names.length !== 1 || names[0] !== 'Response') {
    return 'must have exactly one root element, <Response>';
  }
  return undefined;
}
