/** One checked-in SQL migration: its directory name and the SQL it runs. */
export interface Migration {
  readonly name: string;
  readonly sql: string;
}
