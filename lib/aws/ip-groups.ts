// IP access control groups (WorkSpaces): which client addresses may reach a directory's desktops.
// Every change is made safe to send twice: a create whose name exists already, a delete of a group
// that is gone, rules already added or removed count as done (see the IP group handler).

import {
  AssociateIpGroupsCommand,
  AuthorizeIpRulesCommand,
  CreateIpGroupCommand,
  DeleteIpGroupCommand,
  DescribeIpGroupsCommand,
  DisassociateIpGroupsCommand,
  RevokeIpRulesCommand,
  UpdateRulesOfIpGroupCommand,
} from "@aws-sdk/client-workspaces";
import type { CallLog } from "./call-log";
import type { AwsClients } from "./clients";
import type { AwsFailure } from "./errors";
import { invokeAws } from "./invoke";
import { done, type DirectoryChangeResult } from "./workspace-directories";
import type { CallContext } from "./workspaces";

export type IpRule = { ipRule: string; ruleDesc?: string };
export type IpGroupInfo = { groupId: string; name: string; description?: string; rules: IpRule[] };

export type IpGroupsApi = ReturnType<typeof createIpGroupsApi>;

export function createIpGroupsApi({ clients, callLog }: { clients: AwsClients; callLog: CallLog }) {
  const call = (operation: string, mutating: boolean, context?: CallContext) => ({
    callLog,
    service: "workspaces" as const,
    region: clients.region,
    operation,
    mutating,
    itemCount: 1,
    operationIds: context?.operationIds,
  });
  const send = clients.workspacesMutations;
  return {
    /** Every group in the account and region (all pages). */
    async describeIpGroups(context?: CallContext): Promise<{ ok: true; groups: IpGroupInfo[] } | AwsFailure> {
      const groups: IpGroupInfo[] = [];
      let nextToken: string | undefined;
      do {
        const result = await invokeAws(call("DescribeIpGroups", false, context), () => clients.workspaces.send(new DescribeIpGroupsCommand({ NextToken: nextToken })));
        if (!result.ok) return result;
        for (const g of result.output.Result ?? []) {
          if (!g.groupId) continue;
          groups.push({
            groupId: g.groupId,
            name: g.groupName ?? g.groupId,
            ...(g.groupDesc ? { description: g.groupDesc } : {}),
            rules: (g.userRules ?? []).map((r) => ({ ipRule: r.ipRule ?? "", ...(r.ruleDesc ? { ruleDesc: r.ruleDesc } : {}) })),
          });
        }
        nextToken = result.output.NextToken || undefined;
      } while (nextToken);
      return { ok: true, groups };
    },

    async createIpGroup(input: { name: string; description?: string; rules: IpRule[] }, context?: CallContext): Promise<{ ok: true; groupId: string; requestId?: string } | AwsFailure> {
      const result = await invokeAws(call("CreateIpGroup", true, context), () =>
        send.send(new CreateIpGroupCommand({ GroupName: input.name, GroupDesc: input.description || undefined, UserRules: input.rules })),
      );
      if (!result.ok) return result;
      return { ok: true, groupId: result.output.GroupId ?? "", requestId: result.requestId };
    },

    async authorizeIpRules(groupId: string, rules: IpRule[], context?: CallContext): Promise<DirectoryChangeResult> {
      return done(await invokeAws(call("AuthorizeIpRules", true, context), () => send.send(new AuthorizeIpRulesCommand({ GroupId: groupId, UserRules: rules }))));
    },

    async revokeIpRules(groupId: string, rules: string[], context?: CallContext): Promise<DirectoryChangeResult> {
      return done(await invokeAws(call("RevokeIpRules", true, context), () => send.send(new RevokeIpRulesCommand({ GroupId: groupId, UserRules: rules }))));
    },

    /** Replaces all rules: idempotent. */
    async updateRulesOfIpGroup(groupId: string, rules: IpRule[], context?: CallContext): Promise<DirectoryChangeResult> {
      return done(await invokeAws(call("UpdateRulesOfIpGroup", true, context), () => send.send(new UpdateRulesOfIpGroupCommand({ GroupId: groupId, UserRules: rules }))));
    },

    /** A group that is gone already is what deleting aims for. */
    async deleteIpGroup(groupId: string, context?: CallContext): Promise<DirectoryChangeResult> {
      const result = await invokeAws(call("DeleteIpGroup", true, context), () => send.send(new DeleteIpGroupCommand({ GroupId: groupId })));
      if (!result.ok && result.code === "ResourceNotFoundException") return { ok: true, requestId: result.requestId, alreadyDone: true };
      return done(result);
    },

    /** Associating (or disassociating) twice leaves the same set: idempotent. */
    async setAssociation(directoryId: string, groupId: string, associate: boolean, context?: CallContext): Promise<DirectoryChangeResult> {
      return done(
        await invokeAws(call(associate ? "AssociateIpGroups" : "DisassociateIpGroups", true, context), () =>
          associate
            ? send.send(new AssociateIpGroupsCommand({ DirectoryId: directoryId, GroupIds: [groupId] }))
            : send.send(new DisassociateIpGroupsCommand({ DirectoryId: directoryId, GroupIds: [groupId] })),
        ),
      );
    },
  };
}
