import { fieldClass } from '../ui/fieldClass';

/** The reason every console action needs (the audit log keeps it), labelled per section. */
export function ReasonField({
  id,
  label,
  value,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <label htmlFor={id} className="flex flex-col gap-1 text-sm text-soft">
      {label}
      <input
        id={id}
        className={fieldClass}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        placeholder="Why (kept in the audit log)"
        maxLength={1000}
      />
    </label>
  );
}
