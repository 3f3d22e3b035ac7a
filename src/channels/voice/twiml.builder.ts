/** What `say` asks a call to speak. */
export interface SayInstruction {
  readonly text: string;
  /** A Twilio voice (`alice`, `Polly.Joanna`, `Google.en-US-Neural2-A` ...). */
  readonly voice?: string;
  /** The language to speak in (`en-US`, `fr-FR` ...). */
  readonly language?: string;
}

const XML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/**
 * Escaped for XML text and attribute values alike. Written here rather than taken from a
 * library: fast-xml-parser's builder is deprecated in favour of a package this project does not
 * depend on, and the twilio SDK's TwiML classes belong to the provider adapter, not the API.
 */
export function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => XML_ESCAPES[char] ?? char);
}

/** An attribute with its leading space; none when the value is absent or empty. */
const attribute = (name: string, value: string | undefined): string =>
  value ? ` ${name}="${escapeXml(value)}"` : '';

/** TwiML that speaks `say.text`: `<Response><Say voice=".." language="..">text</Say></Response>`. */
export function sayTwiml(say: SayInstruction): string {
  const attributes = attribute('voice', say.voice) + attribute('language', say.language);
  return `<Response><Say${attributes}>${escapeXml(say.text)}</Say></Response>`;
}
