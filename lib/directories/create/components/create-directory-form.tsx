"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/button";
import { Alert } from "@/components/alert";
import { Field, inputClass } from "@/components/field";
import { useActionForm } from "@/components/use-action-form";
import { createDirectory } from "../actions";
import type { NetworkChoices } from "../queries";
import type { NewDirectoryType } from "../schema";
import { ConnectorPrerequisites } from "./connector-prerequisites";

const TYPES: { value: NewDirectoryType; label: string; hint: string }[] = [
  { value: "SimpleAD", label: "Simple AD", hint: "A Samba-based directory in AWS, for up to 500 (Small) or 5,000 (Large) users." },
  { value: "MicrosoftAD", label: "AWS Managed Microsoft AD", hint: "Windows Server Active Directory run by AWS (Standard or Enterprise)." },
  { value: "ADConnector", label: "AD Connector", hint: "Uses your company's own Active Directory over a VPN or Direct Connect." },
];

/** The create-a-directory form. The password fields are cleared by the browser on navigation and never filled back. */
export function CreateDirectoryForm({ network }: { network: NetworkChoices }) {
  const router = useRouter();
  const { run, pending, fieldErrors, message } = useActionForm();
  const [type, setType] = useState<NewDirectoryType>("SimpleAD");
  const [vpcId, setVpcId] = useState(network.vpcs.find((v) => v.isDefault)?.vpcId ?? network.vpcs[0]?.vpcId ?? "");
  const subnets = network.vpcs.find((v) => v.vpcId === vpcId)?.subnets ?? [];

  const err = (name: string) => fieldErrors[name];
  const aria = (name: string) => ({ "aria-invalid": err(name) ? true : undefined, "aria-describedby": err(name) ? `${name}-error` : `${name}-hint` });

  const submit = (form: FormData) =>
    run(
      () => createDirectory(Object.fromEntries(form)),
      (result) => {
        router.push(`/admin/directories/new/${result.operationId}`);
      },
    );

  return (
    <form
      className="space-y-5"
      noValidate
      // onSubmit rather than a form action: React resets a form after its action, losing what was typed.
      onSubmit={(e) => {
        e.preventDefault();
        submit(new FormData(e.currentTarget));
      }}
    >
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-800">Directory type</legend>
        {TYPES.map((t) => (
          <label key={t.value} className="flex items-start gap-2 text-sm">
            <input type="radio" name="directoryType" value={t.value} checked={type === t.value} onChange={() => setType(t.value)} className="mt-1" />
            <span>
              <span className="font-medium">{t.label}</span>
              <span className="block text-xs text-slate-600">{t.hint}</span>
            </span>
          </label>
        ))}
      </fieldset>

      {type === "MicrosoftAD" ? (
        <Field id="edition" label="Edition" error={err("edition")}>
          <select id="edition" name="edition" className={inputClass} defaultValue="Standard" {...aria("edition")}>
            <option value="Standard">Standard</option>
            <option value="Enterprise">Enterprise</option>
          </select>
        </Field>
      ) : (
        <Field id="size" label="Size" error={err("size")}>
          <select id="size" name="size" className={inputClass} defaultValue="Small" {...aria("size")}>
            <option value="Small">Small</option>
            <option value="Large">Large</option>
          </select>
        </Field>
      )}

      <Field id="name" label={type === "ADConnector" ? "Your directory's DNS name" : "Directory DNS name"} hint="A fully qualified domain name, such as corp.example.com." error={err("name")}>
        <input id="name" name="name" className={inputClass} autoComplete="off" {...aria("name")} />
      </Field>
      <Field id="shortName" label="NetBIOS name (optional)" hint="Up to 15 characters, such as CORP." error={err("shortName")}>
        <input id="shortName" name="shortName" className={inputClass} autoComplete="off" {...aria("shortName")} />
      </Field>

      {type === "ADConnector" && (
        <>
          <Field id="dnsIps" label="On-premises DNS addresses" hint="IPv4 addresses of your DNS servers, separated by commas or new lines." error={err("dnsIps")}>
            <textarea id="dnsIps" name="dnsIps" rows={2} className={inputClass} {...aria("dnsIps")} />
          </Field>
          <Field id="customerUserName" label="Service account user name" hint="An account in your directory that may read users and join computers." error={err("customerUserName")}>
            <input id="customerUserName" name="customerUserName" className={inputClass} autoComplete="off" {...aria("customerUserName")} />
          </Field>
        </>
      )}
      <Field
        id="password"
        label={type === "ADConnector" ? "Service account password" : `${type === "SimpleAD" ? "Administrator" : "Admin"} password`}
        hint={
          type === "ADConnector"
            ? "Sent to AWS once; the portal does not keep it."
            : "8 to 64 characters from three of: lowercase, uppercase, digits, other characters. Sent to AWS once; the portal does not keep it or show it again."
        }
        error={err("password")}
      >
        <input id="password" name="password" type="password" className={inputClass} autoComplete="new-password" {...aria("password")} />
      </Field>

      <Field id="vpcId" label="VPC" error={err("vpcId")}>
        <select id="vpcId" name="vpcId" className={inputClass} value={vpcId} onChange={(e) => setVpcId(e.target.value)} {...aria("vpcId")}>
          {network.vpcs.map((v) => (
            <option key={v.vpcId} value={v.vpcId}>
              {v.vpcId} ({v.cidrBlock}){v.name ? ` ${v.name}` : ""}{v.isDefault ? " (default)" : ""}
            </option>
          ))}
        </select>
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        {(["subnetA", "subnetB"] as const).map((name, i) => (
          <Field key={`${vpcId}-${name}`} id={name} label={i === 0 ? "First subnet" : "Second subnet"} hint="The two subnets must be in different Availability Zones." error={err(name)}>
            <select id={name} name={name} className={inputClass} defaultValue={subnets[i]?.subnetId ?? ""} {...aria(name)}>
              <option value="">Choose a subnet</option>
              {subnets.map((s) => (
                <option key={s.subnetId} value={s.subnetId}>
                  {s.subnetId} · {s.availabilityZone} · {s.cidrBlock}
                  {s.name ? ` · ${s.name}` : ""}
                </option>
              ))}
            </select>
          </Field>
        ))}
      </div>

      {type === "ADConnector" && (
        <>
          <ConnectorPrerequisites />
          {err("portsAcknowledged") && (
            <div className="space-y-2">
              <Alert tone="warning">{err("portsAcknowledged")}</Alert>
              <label className="flex items-center gap-2 text-sm">
                <input type="checkbox" name="portsAcknowledged" /> The network allows these ports: create the AD Connector anyway
              </label>
            </div>
          )}
        </>
      )}

      {message && <Alert tone={message.tone === "error" ? "error" : "success"}>{message.text}</Alert>}
      <Button type="submit" pending={pending}>
        Create the directory
      </Button>
    </form>
  );
}
