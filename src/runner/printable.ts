/**
 * Characters that would let a file name forge or hide output when printed: C0/C1 controls (newline, carriage
 * return, ESC …), DEL, the Unicode line and paragraph separators and the bidirectional overrides.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Text safe to print on one line of a summary or a log: every unsafe character written as an escape (`\n`,
 * `\r`, `\t`, `\x1b`, `\u{202e}`), everything else (Chinese included) as it is. A file named "a\ndone b.pdf"
 * prints as `a\ndone b.pdf` and cannot forge a line. ItemOutcome.path keeps the real name (files are moved by
 * it); print it through this.
 */
export function printablePath(text: string): string {
  return text.replace(UNSAFE, (ch) => {
    const named = NAMED[ch];
    if (named) return named;
    const code = ch.codePointAt(0) ?? 0;
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
  });
}

/**
 * A failure message as one printable line: the path written as printablePath writes it (so a newline in the
 * name does not cut the message short), then the first line of what is left, escaped the same way.
 */
export function printableReason(message: string, path?: string): string {
  const named = path !== undefined && path !== '' ? message.split(path).join(printablePath(path)) : message;
  const line = named.split(/\r?\n/)[0] ?? named;
  return printablePath(line);
}
