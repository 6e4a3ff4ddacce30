import { useId } from 'react';
import type { ProposalFormValues } from '@/lib/desci/parseProposalForm';
import { fieldClass } from '../ui/fieldClass';

type Change = (patch: Partial<ProposalFormValues>) => void;

/** One labelled input of the create-proposal form. */
function Field({
  label,
  value,
  onChange,
  rows,
  inputMode,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  rows?: number;
  inputMode?: 'decimal' | 'numeric';
}) {
  const id = useId();
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm text-muted">
        {label}
      </label>
      {rows ? (
        <textarea
          id={id}
          rows={rows}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          className={fieldClass}
        />
      ) : (
        <input
          id={id}
          inputMode={inputMode}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          className={fieldClass}
        />
      )}
    </div>
  );
}

/** The page's words and the panel: what backers read and who reviews. */
export function ProposalTextFields({ values, change }: { values: ProposalFormValues; change: Change }) {
  return (
    <div className="grid gap-3 md:grid-cols-2">
      <Field label="Title" value={values.title} onChange={(title) => change({ title })} />
      <Field label="Field" value={values.field} onChange={(field) => change({ field })} />
      <div className="md:col-span-2">
        <Field
          label="Abstract"
          rows={4}
          value={values.abstract}
          onChange={(abstract) => change({ abstract })}
        />
      </div>
      <Field
        label="Team (one a line: Name — role)"
        rows={3}
        value={values.team}
        onChange={(team) => change({ team })}
      />
      <Field
        label="Budget narrative"
        rows={3}
        value={values.budgetNarrative}
        onChange={(budgetNarrative) => change({ budgetNarrative })}
      />
      <Field
        label="Reviewers (wallets, one a line)"
        rows={3}
        value={values.reviewers}
        onChange={(reviewers) => change({ reviewers })}
      />
      <div className="grid grid-cols-2 gap-3">
        <Field
          label="Approvals needed (k)"
          inputMode="numeric"
          value={values.threshold}
          onChange={(threshold) => change({ threshold })}
        />
        <Field
          label="Funding open (days)"
          inputMode="numeric"
          value={values.fundingDays}
          onChange={(fundingDays) => change({ fundingDays })}
        />
      </div>
    </div>
  );
}

/** The milestones: words, amount in FAR and due date (days after the funding deadline). */
export function MilestoneFields({ values, change }: { values: ProposalFormValues; change: Change }) {
  const setRow = (index: number, patch: Partial<ProposalFormValues['milestones'][number]>) =>
    change({ milestones: values.milestones.map((row, i) => (i === index ? { ...row, ...patch } : row)) });
  return (
    <fieldset className="flex flex-col gap-3">
      <legend className="mb-2 font-semibold">Milestones (their amounts add up to the goal)</legend>
      {values.milestones.map((row, index) => (
        // Rows are positional: the escrow numbers milestones by index.
        // biome-ignore lint/suspicious/noArrayIndexKey: a milestone is its position
        <div key={index} className="grid gap-3 rounded-xl border border-line p-3 md:grid-cols-4">
          <Field
            label={`Milestone ${index + 1} title`}
            value={row.title}
            onChange={(title) => setRow(index, { title })}
          />
          <Field
            label="Description"
            value={row.description}
            onChange={(description) => setRow(index, { description })}
          />
          <Field
            label="Amount (FAR)"
            inputMode="decimal"
            value={row.amount}
            onChange={(amount) => setRow(index, { amount })}
          />
          <Field
            label="Due (days after funding closes)"
            inputMode="numeric"
            value={row.dueDays}
            onChange={(dueDays) => setRow(index, { dueDays })}
          />
        </div>
      ))}
    </fieldset>
  );
}
