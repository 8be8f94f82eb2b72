"use client";
import { useEffect, useRef } from "react";

/**
 * The errors of a form, listed at its top after an invalid submit (the GOV.UK pattern): focus moves
 * here so keyboard and screen-reader users hear what is wrong, and each entry links to its field.
 * `errors` maps a field id to its message; a new object (each submit) moves focus here again.
 * `order` lists the field ids in the form's order.
 */
export function ErrorSummary({ errors, order = [], title = "There is a problem" }: { errors: Record<string, string>; order?: string[]; title?: string }) {
  const box = useRef<HTMLDivElement>(null);
  const fields = Object.keys(errors).sort((a, b) => rank(order, a) - rank(order, b));

  useEffect(() => {
    if (Object.keys(errors).length > 0) box.current?.focus();
  }, [errors]);

  if (fields.length === 0) return null;
  return (
    <div ref={box} role="alert" tabIndex={-1} aria-labelledby="error-summary-title" className="rounded-md bg-red-50 px-4 py-3 text-sm text-red-800 ring-1 ring-red-200">
      <h2 id="error-summary-title" className="font-semibold">
        {title}
      </h2>
      <ul className="mt-2 list-disc space-y-1 pl-5">
        {fields.map((field) => (
          <li key={field}>
            <a href={`#${field}`} className="underline underline-offset-2" onClick={(e) => focusField(e, field)}>
              {errors[field]}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

const rank = (order: string[], field: string) => {
  const i = order.indexOf(field);
  return i === -1 ? order.length : i;
};

// A group of radios has its id on the fieldset, which cannot take focus: focus its chosen (or first) control.
function focusField(e: React.MouseEvent, field: string) {
  const target = document.getElementById(field);
  if (!target) return;
  e.preventDefault();
  const control = target.matches("input, select, textarea, button")
    ? target
    : (target.querySelector<HTMLElement>("input:checked, input, select, textarea, button") ?? target);
  control.focus();
  control.scrollIntoView({ block: "center" });
}
