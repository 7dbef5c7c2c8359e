/** POSIX shell quoting for the CLI-equivalent commands the app shows: plain words stay
 * plain, anything else goes in single quotes (a quote inside becomes '\''). */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9._@%+=:,/-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
