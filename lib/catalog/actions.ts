"use server";
import { revalidatePath } from "next/cache";
import { db } from "@/lib/db/client";
import { defineAction } from "@/lib/auth/define-action";
import { saveBundleOffer, withdrawBundleOffer } from "./mutations";
import { bundleOfferSchema, withdrawOfferSchema } from "./schema";

/** Admin: offer a bundle to employees (or change its offer: name, description, audience). */
export const offerBundle = defineAction(bundleOfferSchema, { allow: "catalog.manage" }, async (input, { user }) => {
  const done = await db.$transaction((tx) => saveBundleOffer(tx, user, input));
  if (done.ok) {
    revalidatePath("/admin/catalogue");
    revalidatePath("/requests/new");
  }
  return done;
});

/** Admin: stop offering a bundle. Desktops made from it are kept. */
export const withdrawOffer = defineAction(withdrawOfferSchema, { allow: "catalog.manage" }, async ({ bundleId }, { user }) => {
  const done = await db.$transaction((tx) => withdrawBundleOffer(tx, user, bundleId));
  if (done.ok) {
    revalidatePath("/admin/catalogue");
    revalidatePath("/requests/new");
  }
  return done;
});
