"use client";
import { Button } from "@/components/button";
import { Field, inputClass } from "@/components/field";
import { ActionMessage } from "@/components/action-message";
import { useQueuedForm } from "@/lib/images/components/use-queued-form";
import { createBundle } from "../actions";
import { BUNDLE_COMPUTE_TYPES, VOLUME_RULE_TEXT } from "../volume-rules";

export function CreateBundleForm({ images }: { images: { imageId: string; name: string }[] }) {
  const { onSubmit, pending, err, message } = useQueuedForm(createBundle, "Bundle creation queued.", { reset: true });
  const described = (id: string, f: string, hint = false) => (err(f) ? `${id}-error` : hint ? `${id}-hint` : undefined);
  return (
    <form
      aria-labelledby="create-bundle-title"
      className="space-y-4 rounded-lg bg-white p-4 ring-1 ring-slate-200"
      onSubmit={onSubmit}
    >
      <h2 id="create-bundle-title" className="text-lg font-semibold">
        Create a bundle
      </h2>
      <Field id="bundle-name" label="Bundle name" error={err("name")} hint="Up to 64 letters, digits and _ . / ( ) \ - (no spaces).">
        <input id="bundle-name" name="name" className={inputClass} autoComplete="off" aria-invalid={Boolean(err("name"))} aria-describedby={described("bundle-name", "name", true)} />
      </Field>
      <Field id="bundle-description" label="Description" error={err("description")} hint="Up to 255 letters, digits, spaces and _ . / ( ) -.">
        <input id="bundle-description" name="description" className={inputClass} autoComplete="off" aria-invalid={Boolean(err("description"))} aria-describedby={described("bundle-description", "description", true)} />
      </Field>
      <Field id="bundle-image" label="Image" error={err("imageId")} hint={images.length === 0 ? "No AVAILABLE image yet: create one on the Images page." : undefined}>
        <select id="bundle-image" name="imageId" className={inputClass} defaultValue="" aria-invalid={Boolean(err("imageId"))} aria-describedby={described("bundle-image", "imageId")}>
          <option value="" disabled>
            Choose an AVAILABLE image
          </option>
          {images.map((i) => (
            <option key={i.imageId} value={i.imageId}>
              {i.name} ({i.imageId})
            </option>
          ))}
        </select>
      </Field>
      <Field id="bundle-compute" label="Compute type" error={err("computeType")}>
        <select id="bundle-compute" name="computeType" className={inputClass} defaultValue="STANDARD" aria-invalid={Boolean(err("computeType"))} aria-describedby={described("bundle-compute", "computeType")}>
          {BUNDLE_COMPUTE_TYPES.map((c) => (
            <option key={c.name} value={c.name}>
              {c.label}
            </option>
          ))}
        </select>
      </Field>
      <p className="text-sm text-slate-700" id="volume-rule">
        Volume sizes AWS allows: {VOLUME_RULE_TEXT}
      </p>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="bundle-root" label="Root volume (GB)" error={err("rootVolumeGiB")}>
          <input id="bundle-root" name="rootVolumeGiB" type="number" inputMode="numeric" defaultValue={80} className={inputClass} aria-invalid={Boolean(err("rootVolumeGiB"))} aria-describedby={err("rootVolumeGiB") ? "bundle-root-error" : "volume-rule"} />
        </Field>
        <Field id="bundle-user" label="User volume (GB)" error={err("userVolumeGiB")}>
          <input id="bundle-user" name="userVolumeGiB" type="number" inputMode="numeric" defaultValue={50} className={inputClass} aria-invalid={Boolean(err("userVolumeGiB"))} aria-describedby={err("userVolumeGiB") ? "bundle-user-error" : "volume-rule"} />
        </Field>
      </div>
      <Button type="submit" pending={pending}>
        Create bundle
      </Button>
      <ActionMessage message={message} />
    </form>
  );
}
