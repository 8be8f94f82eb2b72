"use client";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { Button } from "@/components/button";
import { Alert } from "@/components/alert";
import { Field, inputClass } from "@/components/field";
import { useActionForm } from "@/components/use-action-form";
import { previewQuickSetup, startQuickSetup } from "../actions";
import type { PlanLine } from "../plan";
import type { InitialPassword } from "../initial-passwords";
import { InitialPasswords } from "./initial-passwords";

export interface QuickSetupChoices {
  zones: string[];
  bundles: { id: string; name: string }[];
}

/**
 * The quick set-up form. "Show the plan" checks everything and lists what will be created; only
 * "Create all of this" queues the job. Changing any field hides the plan, so the admin always
 * confirms what is on screen.
 */
export function QuickSetupForm({ choices }: { choices: QuickSetupChoices }) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const { run, pending, fieldErrors, message } = useActionForm();
  const [mode, setMode] = useState<"new" | "default">("new");
  const [plan, setPlan] = useState<PlanLine[] | null>(null);
  const [started, setStarted] = useState<{ setupId: string; passwords: InitialPassword[] } | null>(null);
  const err = (name: string) => fieldErrors[name];
  const aria = (name: string) => ({ "aria-invalid": err(name) ? true : undefined, "aria-describedby": err(name) ? `${name}-error` : `${name}-hint` });
  const values = () => Object.fromEntries(new FormData(formRef.current!));

  // Queued with users: their passwords are in this answer only, so they are shown before moving on.
  if (started) return <InitialPasswords passwords={started.passwords} next={{ href: `/admin/directories/quick-setup/${started.setupId}`, label: "Saved: follow the set-up" }} />;

  return (
    <form
      ref={formRef}
      className="space-y-5"
      noValidate
      onChange={() => setPlan(null)}
      onSubmit={(e) => {
        e.preventDefault();
        run(() => previewQuickSetup(values()), (result) => void setPlan(result.plan));
      }}
    >
      <fieldset className="space-y-3">
        <legend className="text-sm font-medium text-slate-800">Network</legend>
        <label className="flex items-start gap-2 text-sm">
          <input type="radio" name="networkMode" value="new" checked={mode === "new"} onChange={() => setMode("new")} className="mt-1" />
          <span>A new VPC with two subnets, an internet gateway and a route to the internet</span>
        </label>
        <label className="flex items-start gap-2 text-sm">
          <input type="radio" name="networkMode" value="default" checked={mode === "default"} onChange={() => setMode("default")} className="mt-1" />
          <span>Use the default VPC (nothing is created in it)</span>
        </label>
        {err("networkMode") && (
          <p id="networkMode-error" className="text-sm text-red-700">
            {err("networkMode")}
          </p>
        )}
        {mode === "new" && (
          <div className="grid gap-4 sm:grid-cols-2">
            <Field id="vpcCidr" label="VPC address range" hint="A CIDR block from /16 to /28, such as 10.0.0.0/16." error={err("vpcCidr")}>
              <input id="vpcCidr" name="vpcCidr" className={inputClass} defaultValue="10.0.0.0/16" autoComplete="off" {...aria("vpcCidr")} />
            </Field>
            <div className="hidden sm:block" />
            <Field id="subnetACidr" label="First subnet range" hint="Inside the VPC's range." error={err("subnetACidr")}>
              <input id="subnetACidr" name="subnetACidr" className={inputClass} defaultValue="10.0.1.0/24" autoComplete="off" {...aria("subnetACidr")} />
            </Field>
            <Field id="subnetAZone" label="First subnet's Availability Zone" error={err("subnetAZone")}>
              <select id="subnetAZone" name="subnetAZone" className={inputClass} defaultValue={choices.zones[0]} {...aria("subnetAZone")}>
                {choices.zones.map((z) => (
                  <option key={z}>{z}</option>
                ))}
              </select>
            </Field>
            <Field id="subnetBCidr" label="Second subnet range" hint="Inside the VPC's range, not overlapping the first." error={err("subnetBCidr")}>
              <input id="subnetBCidr" name="subnetBCidr" className={inputClass} defaultValue="10.0.2.0/24" autoComplete="off" {...aria("subnetBCidr")} />
            </Field>
            <Field id="subnetBZone" label="Second subnet's Availability Zone" hint="A different zone from the first." error={err("subnetBZone")}>
              <select id="subnetBZone" name="subnetBZone" className={inputClass} defaultValue={choices.zones[1] ?? choices.zones[0]} {...aria("subnetBZone")}>
                {choices.zones.map((z) => (
                  <option key={z}>{z}</option>
                ))}
              </select>
            </Field>
          </div>
        )}
      </fieldset>

      <fieldset className="space-y-3">
        <legend className="text-sm font-medium text-slate-800">Simple AD</legend>
        <Field id="name" label="Directory DNS name" hint="A fully qualified domain name, such as corp.example.com." error={err("name")}>
          <input id="name" name="name" className={inputClass} autoComplete="off" {...aria("name")} />
        </Field>
        <Field id="shortName" label="NetBIOS name (optional)" hint="Up to 15 characters, such as CORP." error={err("shortName")}>
          <input id="shortName" name="shortName" className={inputClass} autoComplete="off" {...aria("shortName")} />
        </Field>
        <Field id="size" label="Size" error={err("size")}>
          <select id="size" name="size" className={inputClass} defaultValue="Small" {...aria("size")}>
            <option value="Small">Small (up to 500 users)</option>
            <option value="Large">Large (up to 5,000 users)</option>
          </select>
        </Field>
        <Field
          id="password"
          label="Administrator password"
          hint="8 to 64 characters from three of: lowercase, uppercase, digits, other characters. Sent to AWS only; the portal does not keep it."
          error={err("password")}
        >
          <input id="password" name="password" type="password" className={inputClass} autoComplete="new-password" {...aria("password")} />
        </Field>
      </fieldset>

      <fieldset className="space-y-3">
        <legend className="text-sm font-medium text-slate-800">Users and first desktops</legend>
        <Field
          id="users"
          label="Users (optional)"
          hint="One per line: user name, given name, surname, email. Each gets a strong initial password, shown to you once."
          error={err("users")}
        >
          <textarea id="users" name="users" rows={4} className={inputClass} placeholder="jdoe, Jane, Doe, jane.doe@example.com" {...aria("users")} />
        </Field>
        <Field id="bundleId" label="A first desktop for each user" error={err("bundleId")}>
          <select id="bundleId" name="bundleId" className={inputClass} defaultValue="" {...aria("bundleId")}>
            <option value="">No desktops</option>
            {choices.bundles.map((b) => (
              <option key={b.id} value={b.id}>
                {b.name} ({b.id})
              </option>
            ))}
          </select>
        </Field>
        <Field id="runningMode" label="Running mode of those desktops" error={err("runningMode")}>
          <select id="runningMode" name="runningMode" className={inputClass} defaultValue="AUTO_STOP" {...aria("runningMode")}>
            <option value="AUTO_STOP">AutoStop (billed by the hour)</option>
            <option value="ALWAYS_ON">AlwaysOn (billed by the month)</option>
          </select>
        </Field>
      </fieldset>

      {message && <Alert tone={message.tone === "error" ? "error" : "success"}>{message.text}</Alert>}
      {plan ? (
        <section aria-labelledby="plan-title" className="space-y-3 rounded-md bg-slate-50 p-4 ring-1 ring-slate-200">
          <h2 id="plan-title" className="font-semibold">
            The plan: nothing has been created yet
          </h2>
          <ol className="list-decimal space-y-1 pl-5 text-sm" data-testid="quick-setup-plan">
            {plan.map((line) => (
              <li key={line.step + line.text}>{line.text}</li>
            ))}
          </ol>
          <Button
            type="button"
            pending={pending}
            onClick={() =>
              run(
                () => startQuickSetup(values()),
                (result) => void (result.passwords.length > 0 ? setStarted(result) : router.push(`/admin/directories/quick-setup/${result.setupId}`)),
              )
            }
          >
            Create all of this
          </Button>
        </section>
      ) : (
        <Button type="submit" pending={pending}>
          Show the plan
        </Button>
      )}
    </form>
  );
}
