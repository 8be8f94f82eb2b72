import { revalidatePath } from "next/cache";

/** After a billing change on one desktop: its page, and every billing admin page. */
export function revalidateDesktop(desktopId: string) {
  revalidatePath(`/desktops/${desktopId}`);
  revalidatePath("/admin/billing", "layout");
}
