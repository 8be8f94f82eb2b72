"use client";
import { useEffect, useRef } from "react";

/** Recovery codes, shown once after they are made: focus moves here so everyone hears they must be saved. */
export function RecoveryCodes({ codes }: { codes: string[] }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section aria-labelledby="recovery-codes-title" className="space-y-3 rounded-md bg-amber-50 p-4 ring-1 ring-amber-200">
      <h2 id="recovery-codes-title" ref={heading} tabIndex={-1} className="font-semibold text-amber-950">
        Save your recovery codes
      </h2>
      <p className="text-sm text-amber-950">
        Each code signs you in once if you lose your phone. They are shown only now: print them or keep them in a password manager.
      </p>
      <ol aria-label="Recovery codes" className="grid grid-cols-1 gap-1 font-mono text-sm sm:grid-cols-2" data-testid="recovery-codes">
        {codes.map((code) => (
          <li key={code} className="rounded bg-white px-2 py-1 ring-1 ring-amber-200">
            {code}
          </li>
        ))}
      </ol>
    </section>
  );
}
