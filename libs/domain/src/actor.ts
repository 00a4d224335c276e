/**
 * Who is acting. Transports resolve their own credentials (tokens, secrets) into an
 * Actor; services see only this.
 */
export type Role = 'learner' | 'instructor' | 'admin';

export interface Actor {
  readonly userId: string;
  readonly role: Role;
  /** The MCP client the call came through, for audit rows. */
  readonly clientId?: string | undefined;
}
