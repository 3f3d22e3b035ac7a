/** Twilio's answering-machine detection modes. */
export const MACHINE_DETECTIONS = ['Enable', 'DetectMessageEnd'] as const;
export type MachineDetection = (typeof MACHINE_DETECTIONS)[number];

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
