// Reads Prometheus' text exposition format as a scraper would: one sample's value by name and labels.

/** A reader of `text`: the first sample named `name` whose labels include `labels` (0 when none is). */
export function prometheusSamples(text: string): (name: string, labels?: Record<string, string>) => number {
  return (name, labels = {}) => {
    for (const line of text.split("\n")) {
      const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match || match[1] !== name) continue;
      const present = Object.fromEntries([...(match[2] ?? "").matchAll(/([a-zA-Z_]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
      if (Object.entries(labels).every(([k, v]) => present[k] === v)) return Number(match[3]);
    }
    return 0;
  };
}
