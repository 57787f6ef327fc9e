import { randomBytes } from 'node:crypto';
import { actionRef, hashToken, type LinkAction, type NewActionLink } from '#libs/database/src/index.js';

/** How long an action link in a mail works. */
export const ACTION_LINK_TTL_MS = 14 * 24 * 3600_000;

/** Who a link is for: the role a mail went to, for a village role with its village, and the address. */
export interface LinkSeat {
  planId: string;
  stepId: string;
  roleKey: string;
  unitId: string | null;
  toAddress: string;
  /** An approval or return link: the evidence version it is for. */
  evidenceVersion?: number | null;
}

/**
 * Makes the action links of a mail: `/hanh-dong/<ref>` with a reference derived from the mail's outbox key, so
 * composing the same mail again gives the same link, and the row that stores the reference's hash.
 */
export class ActionLinkMinter {
  constructor(
    private readonly baseUrl: string,
    private readonly secret: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Without a configured secret: one for this process. Links already mailed keep working, since only hashes are stored. */
  static withProcessSecret(baseUrl: string, secret: string | undefined): ActionLinkMinter {
    return new ActionLinkMinter(baseUrl, secret ?? randomBytes(32).toString('base64url'));
  }

  mint(mailKey: string, action: LinkAction, seat: LinkSeat): { url: string; link: NewActionLink } {
    const ref = actionRef(this.secret, mailKey, action);
    return {
      url: `${this.baseUrl}/hanh-dong/${ref}`,
      link: { refHash: hashToken(ref), mailKey, action, ...seat, expiresAt: new Date(this.now().getTime() + ACTION_LINK_TTL_MS) },
    };
  }
}
