"use client";
import { useRouter } from "next/navigation";
import { Button } from "@/components/button";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { Field, inputClass } from "@/components/field";
import { ActionMessage } from "@/components/action-message";
import { useActionForm } from "@/components/use-action-form";
import { copyImage, deleteImage, shareImage, unshareImage } from "../actions";
import { WORKSPACES_REGIONS } from "../aws-rules";
import { useQueuedForm } from "./use-queued-form";

/** Delete, after confirmation; a bundle that uses the image blocks it (said before the dialog opens). */
export function DeleteImageButton({ imageId, name, bundleNames }: { imageId: string; name: string; bundleNames: string[] }) {
  const router = useRouter();
  return (
    <ConfirmDialog
      triggerLabel="Delete image"
      title={`Delete the image ${name}?`}
      confirmLabel="Delete image"
      disabled={bundleNames.length > 0}
      disabledReason={bundleNames.length > 0 ? `Used by ${bundleNames.join(", ")}: AWS deletes an image only when no bundle uses it.` : undefined}
      onConfirm={async () => {
        const result = await deleteImage({ imageId });
        if (result.ok) router.refresh();
        return result;
      }}
    >
      AWS deletes the image for good. Desktops already made from it keep running.
    </ConfirmDialog>
  );
}

export function CopyImageForm({ imageId, name, homeRegion }: { imageId: string; name: string; homeRegion: string }) {
  const { onSubmit, pending, err, message } = useQueuedForm(copyImage, "Copy queued.", { extra: { imageId } });
  return (
    <form aria-labelledby="copy-title" className="space-y-3" onSubmit={onSubmit}>
      <h2 id="copy-title" className="text-lg font-semibold">
        Copy to another region
      </h2>
      <Field id="copy-region" label="Destination region" error={err("destinationRegion")}>
        <select id="copy-region" name="destinationRegion" className={inputClass} defaultValue="" aria-invalid={Boolean(err("destinationRegion"))}>
          <option value="" disabled>
            Choose a region
          </option>
          {WORKSPACES_REGIONS.filter((r) => r !== homeRegion).map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </Field>
      <Field id="copy-name" label="Name of the copy" error={err("name")} hint="Up to 64 letters, digits and _ . / ( ) \ - (no spaces).">
        <input id="copy-name" name="name" defaultValue={name} className={inputClass} autoComplete="off" aria-invalid={Boolean(err("name"))} />
      </Field>
      <Button type="submit" variant="secondary" pending={pending}>
        Copy image
      </Button>
      <ActionMessage message={message} />
    </form>
  );
}

export function ShareImageForm({ imageId }: { imageId: string }) {
  const { onSubmit, pending, fieldErrors, message } = useQueuedForm(shareImage, "Sharing queued.", { extra: { imageId }, reset: true });
  const err = fieldErrors.accountId;
  return (
    <form className="space-y-3" aria-label="Share with an account" onSubmit={onSubmit}>
      <Field id="share-account" label="AWS account id" error={err} hint="12 digits. That account can then use and copy the image.">
        <input id="share-account" name="accountId" inputMode="numeric" className={inputClass} autoComplete="off" aria-invalid={Boolean(err)} aria-describedby={err ? "share-account-error" : "share-account-hint"} />
      </Field>
      <Button type="submit" variant="secondary" pending={pending}>
        Share image
      </Button>
      <ActionMessage message={message} />
    </form>
  );
}

export function UnshareButton({ imageId, accountId }: { imageId: string; accountId: string }) {
  const router = useRouter();
  const { run, pending, message } = useActionForm();
  return (
    <span className="inline-flex flex-col">
      <Button
        type="button"
        variant="secondary"
        pending={pending}
        aria-label={`Stop sharing with ${accountId}`}
        onClick={() =>
          run(() => unshareImage({ imageId, accountId }), () => {
            router.refresh();
            return "Queued.";
          })
        }
      >
        Stop sharing
      </Button>
      <ActionMessage message={message} />
    </span>
  );
}
