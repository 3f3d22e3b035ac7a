import { XMLParser } from 'fast-xml-parser';
import { TWIML_ALLOWANCES, type TwimlAllowance, type TwimlPolicy } from '../../identity/app.model';

/** Validation code of TwiML (or a TwiML URL) that goes beyond what the app is allowed. */
export const TWIML_NOT_ALLOWED = 'twiml_not_allowed';

/** What any app's call may do: speak, play, wait, listen for keys, hang up. */
const DEFAULT_ELEMENTS = ['Say', 'Play', 'Pause', 'Gather', 'Hangup'] as const;

/** Every element this review knows, by its name in lower case: anything else is refused. */
const KNOWN = new Map(
  [...DEFAULT_ELEMENTS, ...TWIML_ALLOWANCES, 'Number', 'Response'].map((name) => [
    name.toLowerCase(),
    name,
  ]),
);

/** Attributes that make Twilio fetch (and so obey) a URL, or post the call's data to one. */
const URL_ATTRIBUTE = /^(action|url|.*url|.*callback)$/i;
/** Elements whose text is a number a call or message goes to. */
const DESTINATION_TEXT = new Set(['Dial', 'Number']);
/** Elements that send a message, with its recipient and sender as attributes. */
const MESSAGE_ELEMENTS = new Set(['Sms', 'Message']);
/** Written numbers may carry the separators people use; nothing else. */
const SEPARATORS = /[\s().-]/g;

type Node = Record<string, unknown>;

// Entities stay as written (Twilio is what reads them): a number or URL written with character
// references is then not a number or URL here, and is refused.
const parser = new XMLParser({
  preserveOrder: true,
  processEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  allowBooleanAttributes: true,
  parseTagValue: false,
  parseAttributeValue: false,
  commentPropName: '#comment',
});

/** What a review found: why the TwiML is refused, and the caller ids and senders it names. */
export interface TwimlReview {
  readonly problems: string[];
  /** `Dial callerId` and `Sms from`: senders, checked against the app's own. */
  readonly senders: string[];
}

const elementName = (node: Node): string | undefined =>
  Object.keys(node).find((key) => key !== ':@' && key !== '#text' && key !== '#comment');

const childrenOf = (node: Node, name: string): Node[] =>
  Array.isArray(node[name]) ? (node[name] as Node[]) : [];

const attributesOf = (node: Node): Record<string, string> =>
  typeof node[':@'] === 'object' && node[':@'] !== null
    ? Object.fromEntries(
        Object.entries(node[':@'] as Record<string, unknown>).map(([key, value]) => [
          key,
          String(value),
        ]),
      )
    : {};

const textOf = (children: Node[]): string =>
  children
    .map((child) => (typeof child['#text'] === 'string' ? child['#text'] : ''))
    .join('')
    .trim();

/** Walks the document once, collecting every problem rather than stopping at the first. */
class Reviewer {
  readonly problems: string[] = [];
  readonly senders: string[] = [];

  constructor(private readonly policy: TwimlPolicy) {}

  elements(nodes: Node[], parent: string): void {
    for (const node of nodes) {
      const name = elementName(node);
      if (name !== undefined) this.element(node, name, parent);
    }
  }

  private element(node: Node, name: string, parent: string): void {
    const canonical = KNOWN.get(name.toLowerCase());
    if (canonical !== name) {
      this.problems.push(`<${name}> is not a TwiML element this service sends`);
      return;
    }
    if (!this.allowed(name, parent)) {
      this.problems.push(`<${name}> is not allowed for this app`);
      return;
    }
    const children = childrenOf(node, name);
    this.attributes(name, attributesOf(node));
    if (DESTINATION_TEXT.has(name)) this.destination(name, textOf(children));
    if (name === 'Redirect') this.url('the Redirect', textOf(children));
    if (name === 'Say') this.ssml(children);
    else this.elements(children, name);
  }

  private allowed(name: string, parent: string): boolean {
    if ((DEFAULT_ELEMENTS as readonly string[]).includes(name)) return true;
    if (name === 'Number') return parent === 'Dial';
    if (name === 'Response') return parent === '';
    return this.policy.allow.includes(name as TwimlAllowance);
  }

  private attributes(element: string, attributes: Record<string, string>): void {
    for (const [name, value] of Object.entries(attributes)) {
      if (URL_ATTRIBUTE.test(name)) this.url(`${element} ${name}`, value);
      if (name === 'callerId' || (MESSAGE_ELEMENTS.has(element) && name === 'from')) {
        this.senders.push(value);
      }
      if (MESSAGE_ELEMENTS.has(element) && name === 'to') this.destination(element, value);
    }
  }

  /** An empty destination is Twilio's to refuse; a number must be within the dial prefixes. */
  private destination(element: string, written: string): void {
    if (written === '') return;
    const number = written.replace(SEPARATORS, '');
    if (!/^\+\d{2,15}$/.test(number)) {
      this.problems.push(`${element} reaches ${written}, which is not a number in E.164`);
    } else if (!this.policy.dialPrefixes.some((prefix) => number.startsWith(prefix))) {
      this.problems.push(`${element} reaches ${number}, outside this app's dial prefixes`);
    }
  }

  url(what: string, value: string): void {
    let host: string | undefined;
    try {
      const url = new URL(value);
      if (['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol)) host = url.hostname;
    } catch {
      host = undefined;
    }
    if (host === undefined) {
      this.problems.push(`${what} must be an absolute URL on one of this app's TwiML URL hosts`);
    } else if (!this.policy.urlHosts.includes(host.toLowerCase())) {
      this.problems.push(
        `${what} points at ${host}, which is not among this app's TwiML URL hosts`,
      );
    }
  }

  /** Inside `Say` only SSML, whose elements are all lower case; TwiML verbs are capitalised. */
  private ssml(nodes: Node[]): void {
    for (const node of nodes) {
      const name = elementName(node);
      if (name === undefined) continue;
      if (!/^[a-z]/.test(name)) this.problems.push(`<${name}> is not allowed inside <Say>`);
      else this.ssml(childrenOf(node, name));
    }
  }
}

/**
 * Reviews well-formed inline TwiML (see `twimlProblem`) against an app's policy: by default a
 * call may Say, Play, Pause, Gather (with no URL attribute: its `action` would fetch instructions
 * from anywhere) and Hangup. Other elements need the app's allowance; numbers reached must start
 * with one of its dial prefixes, and URLs point at its URL hosts. A document type declaration is
 * refused: its entities could hide elements from this review and not from Twilio.
 */
export function reviewTwiml(xml: string, policy: TwimlPolicy): TwimlReview {
  const reviewer = new Reviewer(policy);
  if (/<!\s*(DOCTYPE|ENTITY)/i.test(xml)) {
    reviewer.problems.push('a document type declaration is not allowed');
    return reviewer;
  }
  reviewer.elements(parser.parse(xml) as Node[], '');
  return reviewer;
}

/** Why Twilio may not fetch the call's instructions from `url` for this app, if it may not. */
export function twimlUrlProblem(url: string, policy: TwimlPolicy): string | undefined {
  const reviewer = new Reviewer(policy);
  reviewer.url('twimlUrl', url);
  return reviewer.problems.at(0);
}
