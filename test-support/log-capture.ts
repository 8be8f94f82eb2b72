// Tests that look at what the portal logs: the process's logger writes JSON lines into an array
// (every level) until restore() puts the previous one back.
import { Writable } from "node:stream";
import { createLogger, replaceLogger } from "@/lib/observability/logger";

export interface LogCapture {
  /** Every line written so far, as written. */
  lines: string[];
  text(): string;
  restore(): void;
}

export function captureLogs(into: string[] = []): LogCapture {
  const destination = new Writable({
    write(chunk, _encoding, done) {
      into.push(...String(chunk).split("\n").filter(Boolean));
      done();
    },
  });
  const previous = replaceLogger(createLogger({ format: "json", level: "trace", destination }));
  return {
    lines: into,
    text: () => into.join("\n"),
    restore: () => {
      if (previous) replaceLogger(previous);
    },
  };
}
