"use client";
/**
 * A time zone field with every IANA zone the browser knows as suggestions. Inside a `Field`, `id` and
 * the aria wiring come from it.
 */
export function TimeZoneInput(p: {
  id?: string;
  value: string;
  onChange: (v: string) => void;
  "aria-invalid"?: boolean;
  "aria-describedby"?: string;
}) {
  const zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return (
    <>
      <input
        id={p.id}
        className="input"
        list={`${p.id}-zones`}
        autoComplete="off"
        value={p.value}
        aria-invalid={p["aria-invalid"]}
        aria-describedby={p["aria-describedby"]}
        onChange={(e) => p.onChange(e.target.value)}
      />
      <datalist id={`${p.id}-zones`}>
        {zones.map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
    </>
  );
}
