/** The primary button of an auth form, disabled while the action runs. */
export function SubmitButton({ pending, label, pendingLabel }: { pending: boolean; label: string; pendingLabel: string }) {
  return (
    <button
      type="submit"
      disabled={pending}
      className="rounded-md bg-brand-700 px-4 py-3 text-base font-semibold text-white hover:bg-brand-900 disabled:opacity-60"
    >
      {pending ? pendingLabel : label}
    </button>
  );
}
