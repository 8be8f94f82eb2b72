"use client";
import { useQueuedChange } from "./use-queued-change";
import { Button } from "@/components/button";
import { Field, inputClass } from "@/components/field";
import { ActionMessage } from "@/components/action-message";
import type { ActionFailure } from "@/lib/action-result";
import { setCreationProperties, setDeviceAccess, setSelfServicePermissions } from "../actions";
import { DEVICE_TYPES, SELF_SERVICE_PERMISSIONS, type CreationProperties, type DeviceAccess, type SelfServicePermissions } from "../settings";

// The directory's WorkSpaces settings as forms. Each saves by queueing one operation; the page
// shows what AWS reports once the worker applied it.

type FormProps = { directoryId: string; disabled: boolean };

function formInput(form: HTMLFormElement) {
  return Object.fromEntries(new FormData(form));
}

function Checkbox({ name, label, defaultChecked }: { name: string; label: string; defaultChecked: boolean }) {
  return (
    <label className="flex min-h-11 items-center gap-2 text-sm sm:min-h-0">
      <input type="checkbox" name={name} defaultChecked={defaultChecked} className="size-4 rounded border-slate-300" />
      {label}
    </label>
  );
}


/** A form of checkboxes, one per AWS setting, saved together. */
function CheckboxSettingsForm({
  legend,
  options,
  isOn,
  save,
  submitLabel,
  disabled,
}: {
  legend: string;
  options: readonly (readonly [string, string])[];
  isOn: (name: string) => boolean;
  save: (input: Record<string, FormDataEntryValue>) => Promise<{ ok: true } | ActionFailure>;
  submitLabel: string;
  disabled: boolean;
}) {
  const { run, pending, message, queued } = useQueuedChange();
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        const input = formInput(e.currentTarget);
        run(() => save(input), queued);
      }}
      className="space-y-3"
    >
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">{legend}</legend>
        <div className="mt-2 grid grid-cols-1 gap-x-6 gap-y-1 sm:grid-cols-2 lg:grid-cols-3">
          {options.map(([name, label]) => (
            <Checkbox key={name} name={name} label={label} defaultChecked={isOn(name)} />
          ))}
        </div>
      </fieldset>
      <Button type="submit" pending={pending} disabled={disabled}>
        {submitLabel}
      </Button>
      <ActionMessage message={message} />
    </form>
  );
}

/** One checkbox per device type ModifyWorkspaceAccessProperties offers. */
export function DeviceAccessForm({ directoryId, access, disabled }: FormProps & { access: DeviceAccess }) {
  return (
    <CheckboxSettingsForm
      legend="Devices allowed to connect"
      options={DEVICE_TYPES}
      isOn={(name) => access[name as keyof DeviceAccess] === "ALLOW"}
      save={(input) => setDeviceAccess({ ...input, directoryId })}
      submitLabel="Save device access"
      disabled={disabled}
    />
  );
}

export function SelfServiceForm({ directoryId, permissions, disabled }: FormProps & { permissions: SelfServicePermissions }) {
  return (
    <CheckboxSettingsForm
      legend="Users may, from the WorkSpaces client"
      options={SELF_SERVICE_PERMISSIONS}
      isOn={(name) => permissions[name as keyof SelfServicePermissions] === "ENABLED"}
      save={(input) => setSelfServicePermissions({ ...input, directoryId })}
      submitLabel="Save self-service permissions"
      disabled={disabled}
    />
  );
}

export function CreationPropertiesForm({ directoryId, properties, disabled, domain }: FormProps & { properties: CreationProperties; domain: string }) {
  const { run, pending, message, queued, fieldErrors } = useQueuedChange();
  const example = `OU=Desktops,DC=${domain.split(".").join(",DC=")}`;
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const input = formInput(e.currentTarget);
        run(() => setCreationProperties({ ...input, directoryId }), queued);
      }}
      className="space-y-3"
    >
      <Field id="defaultOu" label="Default OU (optional)" hint={`Where new desktops' computer accounts go, e.g. ${example}. Empty: the directory's default.`} error={fieldErrors.defaultOu}>
        <input
          id="defaultOu"
          name="defaultOu"
          defaultValue={properties.defaultOu ?? ""}
          className={inputClass}
          aria-invalid={Boolean(fieldErrors.defaultOu)}
          aria-describedby={fieldErrors.defaultOu ? "defaultOu-error" : "defaultOu-hint"}
        />
      </Field>
      <Field id="customSecurityGroupId" label="Custom security group (optional)" hint="A security group of the directory's VPC, added to new desktops: sg-…" error={fieldErrors.customSecurityGroupId}>
        <input
          id="customSecurityGroupId"
          name="customSecurityGroupId"
          defaultValue={properties.customSecurityGroupId ?? ""}
          className={inputClass}
          aria-invalid={Boolean(fieldErrors.customSecurityGroupId)}
          aria-describedby={fieldErrors.customSecurityGroupId ? "customSecurityGroupId-error" : "customSecurityGroupId-hint"}
        />
      </Field>
      <Checkbox name="enableInternetAccess" label="Internet access (a public address for new desktops)" defaultChecked={properties.enableInternetAccess} />
      <Checkbox name="enableMaintenanceMode" label="Maintenance mode (Windows updates in the maintenance window)" defaultChecked={properties.enableMaintenanceMode} />
      <Checkbox name="userEnabledAsLocalAdministrator" label="Users are local administrators" defaultChecked={properties.userEnabledAsLocalAdministrator} />
      <Button type="submit" pending={pending} disabled={disabled}>
        Save creation properties
      </Button>
      <ActionMessage message={message} />
    </form>
  );
}
