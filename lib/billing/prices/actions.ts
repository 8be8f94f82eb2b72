"use server";
import { revalidatePath } from "next/cache";
import { db } from "@/lib/db/client";
import { defineAction } from "@/lib/auth/define-action";
import { savePrice as savePriceRow } from "./mutations";
import { priceSchema } from "./schema";

/** Admin: create or edit a price row. */
export const savePrice = defineAction(priceSchema, { allow: "billing.manage" }, async (input, { user }) => {
  const outcome = await db.$transaction((tx) => savePriceRow(tx, user, input));
  if (!outcome.ok) return outcome;
  revalidatePath("/admin/billing", "layout");
  return { ok: true as const, priceId: outcome.priceId };
});
