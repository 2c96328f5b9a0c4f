/**
 * How far a chain kept current by a stream can be trusted now: the part of a live feed's status
 * that every venue's feed reports and that the live views show.
 */
export interface StreamHealth {
  /** the numbers may be behind the venue: disconnected, or not yet resynchronised since the last connection */
  readonly stale: boolean;
  /** wall-clock ms when the data went stale (null when live) */
  readonly staleSince: number | null;
  readonly staleReason: string | null;
  /** stream messages applied */
  readonly notifications: number;
  readonly reconnects: number;
  /** messages that could not be read, plus notifications whose payload was malformed */
  readonly protocolErrors: number;
}
