import { z } from "zod";
import { listSearchParam, listPageParam } from "@/lib/list-params";
import { DESKTOP_ACTIONS, FAILED_CREATE_ACTIONS } from "./rules";
import { recordId } from "@/lib/record-id";

export const desktopActionSchema = z.object({
  desktopId: recordId(),
  action: z.enum(DESKTOP_ACTIONS, { message: "Choose an action from the list." }),
  // Terminating asks the admin to type the desktop's user name.
  confirmUserName: z.string({ message: "Type the user name as text." }).max(256, "That user name is too long.").optional(),
});
export type DesktopActionInput = z.input<typeof desktopActionSchema>;

// Retry or remove a desktop whose create failed.
export const failedCreateActionSchema = z.object({
  desktopId: recordId(),
  action: z.enum(FAILED_CREATE_ACTIONS, { message: "Choose retry or remove." }),
});

export const FLEET_PAGE_SIZE = 50;

export const fleetFilterSchema = z.object({
  q: listSearchParam(),
  state: z.string().regex(/^[A-Z_]*$/).max(32).optional().default(""),
  runningMode: z.enum(["", "AUTO_STOP", "ALWAYS_ON"]).optional().default(""),
  page: listPageParam(),
});
export type FleetFilter = z.output<typeof fleetFilterSchema>;
