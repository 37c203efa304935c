/** What an error says, for a log line or an answer: its message, or the thrown value itself when not an Error. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
