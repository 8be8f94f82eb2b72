"use client";
import { Button } from "@/components/button";
import { Field, inputClass } from "@/components/field";
import { ActionMessage } from "@/components/action-message";
import { createImage } from "../actions";
import type { ImageableDesktop } from "../queries";
import { useQueuedForm } from "./use-queued-form";

/** Why AWS would refuse to image this desktop, or null. */
function refusal(d: ImageableDesktop): string | null {
  if (d.encrypted) return "encrypted: cannot be imaged";
  if (d.state !== "AVAILABLE") return `${d.state}: must be AVAILABLE`;
  return null;
}

// AWS's rules come first, so the admin knows what will happen before anything is sent.
export function CreateImageForm({ desktops }: { desktops: ImageableDesktop[] }) {
  const { onSubmit, pending, err, message } = useQueuedForm(createImage, "Image creation queued. It shows as PENDING below until AWS has made it.", { reset: true });
  return (
    <form
      aria-labelledby="create-image-title"
      className="space-y-4 rounded-lg bg-white p-4 ring-1 ring-slate-200"
      onSubmit={onSubmit}
    >
      <h2 id="create-image-title" className="text-lg font-semibold">
        Create an image from a desktop
      </h2>
      <ul className="list-disc space-y-1 pl-5 text-sm text-slate-700" aria-label="AWS's rules for images">
        <li>The desktop must be AVAILABLE.</li>
        <li>An encrypted desktop cannot be imaged.</li>
        <li>The desktop is unavailable to its user while the image is made, which can take up to 45 minutes.</li>
      </ul>
      <Field id="image-desktop" label="Desktop" error={err("desktopId")} hint={desktops.length === 0 ? "No desktop exists in AWS yet." : undefined}>
        <select id="image-desktop" name="desktopId" className={inputClass} aria-invalid={Boolean(err("desktopId"))} aria-describedby={err("desktopId") ? "image-desktop-error" : undefined} defaultValue="">
          <option value="" disabled>
            Choose a desktop
          </option>
          {desktops.map((d) => {
            const why = refusal(d);
            return (
              <option key={d.id} value={d.id} disabled={why !== null}>
                {d.label}
                {why ? ` (${why})` : ""}
              </option>
            );
          })}
        </select>
      </Field>
      <Field id="image-name" label="Image name" error={err("name")} hint="Up to 64 letters, digits and _ . / ( ) \ - (no spaces).">
        <input id="image-name" name="name" className={inputClass} autoComplete="off" aria-invalid={Boolean(err("name"))} aria-describedby={err("name") ? "image-name-error" : "image-name-hint"} />
      </Field>
      <Field id="image-description" label="Description" error={err("description")} hint="Up to 256 letters, digits, spaces and _ . / ( ) -.">
        <input id="image-description" name="description" className={inputClass} autoComplete="off" aria-invalid={Boolean(err("description"))} aria-describedby={err("description") ? "image-description-error" : "image-description-hint"} />
      </Field>
      <Button type="submit" pending={pending}>
        Create image
      </Button>
      <ActionMessage message={message} />
    </form>
  );
}
