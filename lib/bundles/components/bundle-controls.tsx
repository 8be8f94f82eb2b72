"use client";
import { useId } from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { ActionMessage } from "@/components/action-message";
import { inputClass } from "@/components/field";
import { useQueuedForm } from "@/lib/images/components/use-queued-form";
import { plural } from "@/lib/plural";
import { deleteBundle, updateBundle } from "../actions";

/** Another image for the bundle: new desktops and rebuilds get it; existing desktops keep theirs until rebuilt. */
export function UpdateBundleImage({ bundleId, name, currentImageId, images }: { bundleId: string; name: string; currentImageId: string | null; images: { imageId: string; name: string }[] }) {
  const id = useId();
  const { onSubmit, pending, fieldErrors, message } = useQueuedForm(updateBundle, "Update queued. Existing desktops get the new image when they are rebuilt.", { extra: { bundleId } });
  const others = images.filter((i) => i.imageId !== currentImageId);
  const error = fieldErrors.imageId;
  return (
    <form
      className="space-y-1"
      aria-label={`Change the image of ${name}`}
      onSubmit={onSubmit}
    >
      <label htmlFor={`${id}-image`} className="block text-xs font-medium text-slate-700">
        New image
      </label>
      <div className="flex flex-wrap gap-2">
        <select id={`${id}-image`} name="imageId" className={`${inputClass} w-auto`} defaultValue="" aria-invalid={Boolean(error)} aria-describedby={`${id}-note`}>
          <option value="" disabled>
            {others.length ? "Choose an image" : "No other AVAILABLE image"}
          </option>
          {others.map((i) => (
            <option key={i.imageId} value={i.imageId}>
              {i.name}
            </option>
          ))}
        </select>
        <Button type="submit" variant="secondary" pending={pending} disabled={others.length === 0}>
          Update image
        </Button>
      </div>
      <p id={`${id}-note`} className="text-xs text-slate-500">
        Existing desktops get the new image only when they are rebuilt.
      </p>
      {error && (
        <p role="alert" className="text-xs font-medium text-red-700">
          {error}
        </p>
      )}
      <ActionMessage message={message} />
    </form>
  );
}

export function DeleteBundleButton({ bundleId, name, desktopCount }: { bundleId: string; name: string; desktopCount: number }) {
  const router = useRouter();
  return (
    <ConfirmDialog
      triggerLabel="Delete bundle"
      title={`Delete the bundle ${name}?`}
      confirmLabel="Delete bundle"
      disabled={desktopCount > 0}
      disabledReason={desktopCount > 0 ? `${plural(desktopCount, "desktop")} ${desktopCount === 1 ? "uses" : "use"} it: AWS deletes a bundle only when no desktop uses it.` : undefined}
      onConfirm={async () => {
        const result = await deleteBundle({ bundleId });
        if (result.ok) router.refresh();
        return result;
      }}
    >
      AWS deletes the bundle for good; its image stays.
    </ConfirmDialog>
  );
}
