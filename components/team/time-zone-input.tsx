"use client";
/** A time zone field with every IANA zone the browser knows as suggestions. */
export function TimeZoneInput(p: { id: string; value: string; onChange: (v: string) => void; invalid?: boolean }) {
  const zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return (
    <>
      <input
        id={p.id}
        className="input"
        list={`${p.id}-zones`}
        autoComplete="off"
        value={p.value}
        aria-invalid={p.invalid}
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
