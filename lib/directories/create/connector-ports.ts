// What an AD Connector needs from the network (AWS Directory Service administration guide, "AD
// Connector prerequisites"): its two subnets reach the on-premises domain controllers and DNS
// servers over a VPN or Direct Connect, with these ports open outbound from the VPC (and inbound on
// the company's side). The check reads the VPC's security groups and says which are missing.

import type { IngressRule, SecurityGroupInfo } from "@/lib/aws/directory-creation";

export interface PortRequirement {
  protocol: "tcp" | "udp";
  port: number;
  purpose: string;
}

export const AD_CONNECTOR_PORTS: PortRequirement[] = [
  { protocol: "tcp", port: 53, purpose: "DNS" },
  { protocol: "udp", port: 53, purpose: "DNS" },
  { protocol: "tcp", port: 88, purpose: "Kerberos authentication" },
  { protocol: "udp", port: 88, purpose: "Kerberos authentication" },
  { protocol: "tcp", port: 389, purpose: "LDAP" },
  { protocol: "udp", port: 389, purpose: "LDAP" },
  { protocol: "tcp", port: 445, purpose: "SMB (group policy)" },
  { protocol: "tcp", port: 464, purpose: "Kerberos password change" },
  { protocol: "udp", port: 464, purpose: "Kerberos password change" },
  { protocol: "tcp", port: 135, purpose: "RPC endpoint mapper" },
  { protocol: "tcp", port: 636, purpose: "LDAPS (when LDAPS is used)" },
];

export const portLabel = (r: PortRequirement) => `${r.protocol.toUpperCase()} ${r.port}`;

function ruleAllows(rule: IngressRule, need: PortRequirement): boolean {
  if (rule.cidrs.length === 0) return false;
  if (rule.protocol === "-1") return true;
  if (rule.protocol !== need.protocol && rule.protocol !== (need.protocol === "tcp" ? "6" : "17")) return false;
  return (rule.fromPort ?? 0) <= need.port && need.port <= (rule.toPort ?? 65535);
}

/**
 * The ports no security group of the VPC lets out to an address range (the on-premises servers sit
 * outside the VPC, so only rules to CIDR ranges count). Empty: the VPC's rules allow the path.
 */
export function missingConnectorPorts(groups: SecurityGroupInfo[]): PortRequirement[] {
  const outbound = groups.flatMap((g) => g.outbound);
  return AD_CONNECTOR_PORTS.filter((need) => !outbound.some((rule) => ruleAllows(rule, need)));
}
