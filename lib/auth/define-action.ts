import type { z } from "zod";
import { unstable_rethrow } from "next/navigation";
import { fail, forbidden, invalidInput, notFound, signedOut, unexpected, type ActionFailure } from "@/lib/action-result";
import { recordRefusal } from "@/lib/audit/refusals";
import { nulFieldErrors } from "@/lib/text-input";
import { requestIdOfCurrentRequest } from "@/lib/observability/action-request-id";
import { withLogContext } from "@/lib/observability/request-context";
import { can, resourceKindOf, type Action, type PolicyUser, type ResourceFor } from "./policy";
import { getActionUser, getSessionState, type SessionUser } from "./session";
import type { ActiveSession, SessionStage } from "./sessions";

// The one way to write a server action: session, input parsing, the policy on the resource loaded
// from the database, and error mapping happen here, in that order, so no action can skip a step.
//
//   export const cancelRequest = defineAction(cancelRequestSchema, { resource: {...} }, async (input, { user, resource }) => ...);

type Outcome = { ok: true } | ActionFailure;

/** Policy actions done to nothing in particular ("may this role do it at all?"). */
export type PlainAction = { [A in Action]: [ResourceFor<A>] extends [undefined] ? A : never }[Action];
/** Policy actions that can be asked of a resource loaded as R. */
export type ActionOn<R> = { [A in Action]: [ResourceFor<A>] extends [undefined] ? never : R extends ResourceFor<A> ? A : never }[Action];

export type ResourceGuard<I, R> = {
  /** Which one: its id, from the parsed input. */
  id: (input: I) => string;
  /** Loads what the policy judges from the database (a plain loader, so that R is inferred from it). */
  load: (id: string) => Promise<R | null>;
  /** Names it in the "not found" answer: "The desktop". */
  noun: string;
  /** What the audit trail calls it, when not the kind the policy judges (a scheduled change judged by its desktop). */
  targetType?: string;
  /** Without this, the resource does not exist for the caller, so ids cannot be probed. */
  see: ActionOn<R>;
  /** What the caller asks to do to it. */
  action: ActionOn<R> | ((input: I) => ActionOn<R>);
  /**
   * A refusal that is about the resource's state, not about the caller (one's own request that was
   * decided meanwhile): answered as a CONFLICT with this message rather than FORBIDDEN.
   */
  conflict?: (resource: R, user: PolicyUser) => string | null;
};

export type ActionPolicy<I, R> =
  /** Signed-out callers too (signing in and out); the handler gets the user or null. */
  | "anyone"
  /**
   * The steps of signing in: a session in one of these stages (the second factor still to enter,
   * MFA to set up first, or complete); the handler gets its user and the session. Every other
   * action needs a complete session.
   */
  | SigningInPolicy
  | { allow: PlainAction; resource?: undefined }
  | { allow?: PlainAction; resource: ResourceGuard<I, R> };

/**
 * A server action callable as `action(input)`, or as a form's `useActionState` action
 * `action(previousState, formData)`: the last argument is the input. FormData becomes a plain object.
 */
export type DefinedAction<Out> = {
  (input?: unknown): Promise<Out | ActionFailure>;
  (previousState: unknown, formData: FormData): Promise<Out | ActionFailure>;
  /** As a plain `<form action>`, whose result nobody reads (signing out). */
  (formData: FormData): Promise<void>;
};

type Context<R> = { user: SessionUser; resource: R };
type SigningInPolicy = { signingIn: readonly SessionStage[] };

export function defineAction<S extends z.ZodType, Out extends Outcome>(
  schema: S,
  policy: "anyone",
  handler: (input: z.output<S>, context: { user: SessionUser | null }) => Promise<Out>,
): DefinedAction<Out>;
export function defineAction<S extends z.ZodType, Out extends Outcome>(
  schema: S,
  policy: SigningInPolicy,
  handler: (input: z.output<S>, context: { user: SessionUser; session: ActiveSession }) => Promise<Out>,
): DefinedAction<Out>;
export function defineAction<S extends z.ZodType, Out extends Outcome, R>(
  schema: S,
  policy: Exclude<ActionPolicy<z.output<S>, R>, "anyone" | SigningInPolicy>,
  handler: (input: z.output<S>, context: Context<R>) => Promise<Out>,
): DefinedAction<Out>;
export function defineAction<S extends z.ZodType, Out extends Outcome, R>(
  schema: S,
  policy: ActionPolicy<z.output<S>, R>,
  handler: (input: z.output<S>, context: never) => Promise<Out>,
): DefinedAction<Out> {
  const run = async (raw: unknown): Promise<Out | ActionFailure> => {
    const parse = (input: unknown) => {
      const nul = nulFieldErrors(input);
      if (nul) return { success: false as const, failure: fail("INVALID_INPUT", "Please correct the highlighted fields.", nul) };
      const parsed = schema.safeParse(input);
      return parsed.success ? parsed : { success: false as const, failure: invalidInput(parsed.error) };
    };
    try {
      if (policy !== "anyone" && "signingIn" in policy) {
        const session = await getSessionState();
        if (!session || !policy.signingIn.includes(session.stage)) return signedOut();
        const parsed = schema.safeParse(asInput(raw));
        if (!parsed.success) return invalidInput(parsed.error);
        return await (handler as (i: unknown, c: { user: SessionUser; session: ActiveSession }) => Promise<Out>)(parsed.data, { user: session.user, session });
      }
      // Signing out must work even when the user cannot be looked up.
      const user = policy === "anyone" ? await getActionUser().catch(() => null) : await getActionUser();
      if (policy === "anyone") {
        const parsed = parse(asInput(raw));
        if (!parsed.success) return parsed.failure;
        return await (handler as (i: unknown, c: { user: SessionUser | null }) => Promise<Out>)(parsed.data, { user });
      }
      if (!user) return signedOut();
      if (policy.allow && !can(user, policy.allow)) {
        await recordRefusal({ actor: user, action: policy.allow, code: "FORBIDDEN", via: "action" });
        return forbidden();
      }
      const parsed = parse(asInput(raw));
      if (!parsed.success) return parsed.failure;
      let resource = undefined as R;
      if (policy.resource) {
        const guard = policy.resource;
        const id = guard.id(parsed.data);
        const action = typeof guard.action === "function" ? guard.action(parsed.data) : guard.action;
        const refused = (code: "FORBIDDEN" | "NOT_FOUND") =>
          recordRefusal({ actor: user, action, targetType: guard.targetType ?? resourceKindOf(guard.see) ?? undefined, targetId: id, code, via: "action" });
        const loaded = await guard.load(id);
        if (!loaded || !check(user, guard.see, loaded)) {
          await refused("NOT_FOUND");
          return notFound(guard.noun);
        }
        if (!check(user, action, loaded)) {
          // One's own request, decided meanwhile: a state the caller can see, not a refusal of them.
          const why = guard.conflict?.(loaded, user);
          if (why) return fail("CONFLICT", why);
          await refused("FORBIDDEN");
          return forbidden();
        }
        resource = loaded;
      }
      return await (handler as (i: unknown, c: Context<R>) => Promise<Out>)(parsed.data, { user, resource });
    } catch (error) {
      // redirect() and notFound() work by throwing; they are not failures.
      unstable_rethrow(error);
      return unexpected(error);
    }
  };
  // The request id goes with everything the action logs and onto the operations it queues.
  return (async (...args: unknown[]) => {
    const reqId = await requestIdOfCurrentRequest();
    return withLogContext({ reqId }, () => run(args.length > 1 ? args[args.length - 1] : args[0]));
  }) as DefinedAction<Out>;
}

// The resource's type was checked where the guard was written (ActionOn<R>); this call only forgets it.
const check = (user: PolicyUser, action: Action, resource: unknown) =>
  (can as (u: PolicyUser, a: Action, r?: unknown) => boolean)(user, action, resource);

function asInput(raw: unknown): unknown {
  if (typeof FormData !== "undefined" && raw instanceof FormData) {
    return Object.fromEntries([...raw.keys()].map((key) => [key, raw.get(key)]));
  }
  return raw ?? {};
}
