import { AD_CONNECTOR_PORTS, portLabel } from "../connector-ports";

/** What an AD Connector needs before it can be created (AWS's AD Connector prerequisites). */
export function ConnectorPrerequisites() {
  return (
    <section aria-labelledby="prerequisites-title" className="space-y-2 rounded-md bg-slate-50 p-4 text-sm ring-1 ring-slate-200">
      <h3 id="prerequisites-title" className="font-semibold">
        Before you connect
      </h3>
      <p className="text-slate-700">
        The network path: the two subnets in your VPC → a Site-to-Site VPN or AWS Direct Connect → your company network → your domain controllers and DNS
        servers. AWS checks the path while it creates the connector; without it the connector fails.
      </p>
      <p className="text-slate-700">Open these ports from the VPC to your domain controllers (outbound in the VPC, inbound on your firewalls):</p>
      <ul className="grid gap-x-4 gap-y-1 sm:grid-cols-2">
        {AD_CONNECTOR_PORTS.map((p) => (
          <li key={portLabel(p)}>
            <span className="font-mono">{portLabel(p)}</span> {p.purpose}
          </li>
        ))}
      </ul>
      <p className="text-slate-700">The portal checks the VPC&apos;s security groups when you create it and tells you which ports they do not let out.</p>
    </section>
  );
}
