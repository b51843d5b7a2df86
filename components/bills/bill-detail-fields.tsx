import { useTranslations } from "next-intl";
import { CustomerCombobox } from "@/components/customers/customer-combobox";
import { Field } from "@/components/ui/field";
import { TextAreaField } from "@/components/ui/textarea-field";
import type { BillFormField, BillFormState } from "@/lib/bill-form";
import { BILL_CAPACITY_MAX, BILL_CUSTOMER_MAX, BILL_DESCRIPTION_MAX, BILL_VEHICLE_MAX } from "@/lib/schemas/bills";

type Values = Partial<Record<BillFormField, string>>;

/** Capacity and the optional details, shared by the new-bill and edit forms. */
export function BillDetailFields({ state, defaults = {}, minCapacity = 1 }: { state: BillFormState; defaults?: Values; minCapacity?: number }) {
  const value = (f: BillFormField) => state.values?.[f] ?? defaults[f] ?? "";
  const t = useTranslations("bills.form");
  return (
    <>
      <Field
        label={t("capacity")}
        name="capacity"
        inputMode="numeric"
        autoComplete="off"
        defaultValue={value("capacity")}
        hint={minCapacity > 1 ? t("capacityHintLinked", { min: minCapacity, max: BILL_CAPACITY_MAX }) : t("capacityHint", { max: BILL_CAPACITY_MAX })}
        errors={state.fields?.capacity}
      />
      {/* Keyed by its value: an echoed or saved name remounts it with that name. */}
      <CustomerCombobox
        key={`customer-${value("customer")}`}
        label={t("customer")}
        name="customer"
        maxLength={BILL_CUSTOMER_MAX}
        defaultValue={value("customer")}
        hint={t("customerHint")}
        errors={state.fields?.customer}
      />
      <Field
        label={t("vehicle")}
        name="vehicleNumber"
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
        maxLength={BILL_VEHICLE_MAX}
        defaultValue={value("vehicleNumber")}
        errors={state.fields?.vehicleNumber}
      />
      <TextAreaField label={t("description")} name="description" maxLength={BILL_DESCRIPTION_MAX} defaultValue={value("description")} errors={state.fields?.description} />
    </>
  );
}

/** The form's overall answer, announced when it changes. */
export function FormMessage({ state }: { state: BillFormState }) {
  return (
    <div aria-live="polite" role="status" className="min-h-6">
      {state.message && (
        <p
          className={`rounded-md border px-3 py-2 text-sm font-medium ${state.ok ? "border-green-300 bg-green-50 text-green-900" : "border-red-300 bg-red-50 text-red-800"}`}
        >
          {state.message}
        </p>
      )}
    </div>
  );
}
