/**
 * The INI shape of the original tool's config files (`image-scanner.conf`,
 * `image-scanner-client.conf`): `[section]` headers and `key = value` or `key: value` lines,
 * `#` and `;` comments. Keys are lower-cased, as Python's ConfigParser did.
 */
export type IniSections = Map<string, Map<string, string>>;

/** Parses INI text; a line that is neither a section, a pair nor a comment is an error. */
export function parseIni(text: string): IniSections {
  const sections: IniSections = new Map();
  let current: Map<string, string> | undefined;
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) {
      const name = (header[1] ?? '').trim();
      current = sections.get(name) ?? new Map<string, string>();
      sections.set(name, current);
      continue;
    }
    const pair = /^([^=:]+)[=:](.*)$/.exec(line);
    if (!pair || !current) throw new Error(`line ${index + 1}: not a section or key = value`);
    current.set((pair[1] ?? '').trim().toLowerCase(), (pair[2] ?? '').trim());
  }
  return sections;
}
