// The console log as a person reads it. A real guest's systemd colours its status lines with
// ANSI escape sequences ("\x1b[0;32m  OK  \x1b[0m"). Nova's API removes the control characters
// (nova/api/openstack/compute/console_output.py: [\x00-\x08\x0B-\x1F]), ESC included, and
// leaves "[0;32m" litter in the text (seen on the real guest of issue 16). Pure.

// CSI sequences (colours, cursor moves) and the two-byte escapes, and colour codes whose ESC
// Nova took away; then any control character left but tab and newline.
const ESCAPES = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-Z\\-_]|\[[0-9;]*m/g;
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f]/g;

export function readableConsole(output: string): string {
  return output.replace(ESCAPES, '').replace(/\r\n/g, '\n').replace(CONTROLS, '');
}
