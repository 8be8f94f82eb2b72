// The IP group operations' payloads: the group by its AWS id (or, to create it, by its name,
// which is unique in the account and lets a lost answer be checked).

import { z } from "zod";

const rule = z.object({ ipRule: z.string(), ruleDesc: z.string().optional() });

export const ipGroupPayloads = {
  create: z.object({ name: z.string(), description: z.string().optional(), rules: z.array(rule) }),
  /** authorize adds, revoke removes (by ipRule), replace sets all (UpdateRulesOfIpGroup). */
  rules: z.object({ groupId: z.string(), groupName: z.string(), change: z.enum(["authorize", "revoke", "replace"]), rules: z.array(rule) }),
  delete: z.object({ groupId: z.string(), groupName: z.string() }),
  /** The directory is the operation's directoryId. */
  association: z.object({ groupId: z.string(), groupName: z.string(), associate: z.boolean() }),
};
