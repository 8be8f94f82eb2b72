"use client";
import Link from "next/link";
import { useEffect, useRef } from "react";
import { buttonClass } from "@/components/button";
import type { InitialPassword } from "../initial-passwords";

/** The users' initial passwords, shown once after the set-up is confirmed: focus moves here so everyone hears they must be handed over now. */
export function InitialPasswords({ passwords, next }: { passwords: InitialPassword[]; next?: { href: string; label: string } }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section aria-labelledby="initial-passwords-title" className="space-y-3 rounded-md bg-amber-50 p-4 ring-1 ring-amber-200">
      <h2 id="initial-passwords-title" ref={heading} tabIndex={-1} className="font-semibold text-amber-950">
        Hand over the initial passwords
      </h2>
      <p className="text-sm text-amber-950">
        They are shown only now: the portal keeps no password. Give each user theirs in a safe way; they choose their own at their first sign-in.
      </p>
      <table className="w-full text-left text-sm" data-testid="initial-passwords">
        <thead>
          <tr>
            <th scope="col" className="py-1 pr-4 font-medium">
              User name
            </th>
            <th scope="col" className="py-1 font-medium">
              Initial password
            </th>
          </tr>
        </thead>
        <tbody>
          {passwords.map((p) => (
            <tr key={p.userName}>
              <td className="py-1 pr-4">{p.userName}</td>
              <td className="py-1 font-mono break-all">{p.password}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {next && (
        <Link href={next.href} className={buttonClass()}>
          {next.label}
        </Link>
      )}
    </section>
  );
}
