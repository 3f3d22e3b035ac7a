import { integer, type StoredContent, text } from './stored-content';

/** Twilio's answering-machine detection modes. */
export const MACHINE_DETECTIONS = ['Enable', 'DetectMessageEnd'] as const;
export type MachineDetection = (typeof MACHINE_DETECTIONS)[number];

const isMachineDetection = (value: unknown): value is MachineDetection =>
  MACHINE_DETECTIONS.some((mode) => mode === value);

/**
 * What a voice message stores as its content: the call's instructions as TwiML (inline, or
 * `say` turned into TwiML at accept time) or a URL the provider fetches them from.
 */
export interface VoiceContent {
  readonly twiml?: string;
  readonly twimlUrl?: string;
  readonly from?: string;
  /** Seconds to let the phone ring (5..600). */
  readonly timeout: number;
  readonly machineDetection?: MachineDetection;
}

/** A voice content as read back: without a stored ring time the vendor's own default applies. */
export type VoiceContentRead = Omit<VoiceContent, 'timeout'> &
  Partial<Pick<VoiceContent, 'timeout'>>;

/**
 * Reads a stored voice content with checks rather than trusting it, since the store holds plain
 * data: each field is read for the type it should have, anything else counts as absent.
 */
export function readVoiceContent(content: StoredContent): VoiceContentRead {
  const { machineDetection } = content;
  return {
    twiml: text(content.twiml),
    twimlUrl: text(content.twimlUrl),
    from: text(content.from),
    timeout: integer(content.timeout),
    machineDetection: isMachineDetection(machineDetection) ? machineDetection : undefined,
  };
}
