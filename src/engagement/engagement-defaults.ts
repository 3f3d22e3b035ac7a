import type { EmailTracking } from '../contract/content/email.content';

/**
 * What an app's emails get when a send does not say: tracking off and no unsubscribe link
 * unless the app turns them on.
 */
export interface EngagementDefaults {
  readonly appId: string;
  /** Opens and clicks tracked for every email that does not say otherwise. */
  readonly tracking: EmailTracking;
  /** Emails naming one of these topics get one-click unsubscribe unless they say otherwise. */
  readonly unsubscribeTopics: readonly string[];
  /**
   * A mailbox of the app that takes unsubscribe requests by mail: `List-Unsubscribe` then names
   * it too, the link's token in the subject.
   */
  readonly unsubscribeMailto?: string;
  readonly updatedAt?: Date;
}

export const defaultsOf = (appId: string): EngagementDefaults => ({
  appId,
  tracking: { opens: false, clicks: false },
  unsubscribeTopics: [],
});

/**
 * Persistence of each app's engagement defaults. Two adapters, MongoDB and memory, pass one
 * contract suite (test/stores/engagement-defaults.contract.ts).
 */
export abstract class EngagementDefaultsStore {
  /** The app's defaults, if it ever set them. */
  abstract find(appId: string): Promise<EngagementDefaults | undefined>;
  /** Replaces the app's defaults. */
  abstract save(defaults: EngagementDefaults): Promise<void>;
}
