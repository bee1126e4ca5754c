/**
 * Parses the os-release format (KEY=value lines, values optionally quoted, with shell-style
 * escapes inside double quotes). Lines that do not fit are ignored, as systemd does.
 */
export function parseOsRelease(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const rawLine of text.split('\n').slice(0, 200)) {
    const line = rawLine.trim();
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (!match?.[1]) continue;
    fields.set(match[1], unquote(match[2] ?? ''));
  }
  return fields;
}

function unquote(value: string): string {
  const quoted = /^"(.*)"$/.exec(value) ?? /^'(.*)'$/.exec(value);
  if (!quoted) return value;
  return (quoted[1] ?? '').replace(/\\(["\\$`])/g, '$1');
}
