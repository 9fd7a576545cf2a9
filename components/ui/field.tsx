import { cloneElement, type ReactElement, type ReactNode } from "react";

type ControlProps = {
  id?: string;
  "aria-invalid"?: boolean;
  "aria-describedby"?: string;
};

/**
 * One labelled form control, its help line and its problem in plain words right below it: the one
 * place that wires the label to the control (`id`) and the help and error to it (`aria-describedby`,
 * `aria-invalid`; ids `<id>-help`, `<id>-error`), so a screen reader reads them with the field.
 */
export function Field({
  id,
  label,
  error,
  hint,
  announce = false,
  hideLabel = false,
  className,
  children,
}: {
  id: string;
  label: ReactNode;
  /** The label is for screen readers only (the context already says what the control is). */
  hideLabel?: boolean;
  /** The problem with this field in plain words; nothing shown when empty. */
  error?: ReactNode;
  /** The error is announced as it appears (`role="alert"`): for a problem only the server finds. */
  announce?: boolean;
  /** A line of help below the control (id `<id>-help`), read with it. */
  hint?: ReactNode;
  className?: string;
  /** The control (input, select, textarea); it gets `id` and the error wiring. */
  children: ReactElement<ControlProps>;
}) {
  const errorId = `${id}-error`;
  const hintId = `${id}-help`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(" ");
  const control = cloneElement(children, {
    id,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy || undefined,
  });
  return (
    <div className={className}>
      <label className={hideLabel ? "sr-only" : "label"} htmlFor={id}>
        {label}
      </label>
      {control}
      {hint ? (
        <p id={hintId} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="field-error" role={announce ? "alert" : undefined}>
          {error}
        </p>
      ) : null}
    </div>
  );
}
