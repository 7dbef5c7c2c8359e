// The console log as a person reads it. A real guest's systemd colours its status lines with
// ANSI escape sequences ("\x1b[0;32m  OK  \x1b[0m"), which Nova passes through as they are and a
// browser shows as "[0;32m" litter (seen on the real guest of issue 16). Pure.

// CSI sequences (colours, cursor moves) and the two-byte escapes; then any control character
// left but tab and newline (a carriage return before a newline included).
const ESCAPES = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-Z\\-_]/g;
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f]/g;

export function readableConsole(output: string): string {
  return output.replace(ESCAPES, '').replace(/\r\n/g, '\n').replace(CONTROLS, '');
}
