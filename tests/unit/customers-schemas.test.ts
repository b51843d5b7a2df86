import { describe, expect, it } from "vitest";
import { CustomerAccountInput, CustomerAccountListQuery, CustomerAccountUpdate, CustomerRef, CustomerSearch, CustomerUpdate } from "@/lib/schemas/customers";

// The admin side's inputs (lib/schemas/customers.ts): what the forms and the type-ahead may send.

describe("customer schemas", () => {
  it("an account lists customers or is linked to all, never both nor neither", () => {
    expect(CustomerAccountInput.safeParse({ email: "A@B.example", customers: ["Agro"] }).data).toMatchObject({ email: "a@b.example", allCustomers: false });
    expect(CustomerAccountInput.safeParse({ email: "a@b.example", allCustomers: true }).success).toBe(true);
    expect(CustomerAccountInput.safeParse({ email: "a@b.example" }).success).toBe(false);
    expect(CustomerAccountInput.safeParse({ email: "a@b.example", customers: ["Agro"], allCustomers: true }).success).toBe(false);
    expect(CustomerAccountUpdate.safeParse({ accountId: "x", customers: [], allCustomers: false }).success).toBe(false);
    expect(CustomerAccountUpdate.safeParse({ accountId: "x", name: "", allCustomers: true }).data).toMatchObject({ name: undefined, allCustomers: true });
    expect(CustomerAccountUpdate.safeParse({ accountId: "", allCustomers: true }).success).toBe(false);
    expect(CustomerAccountUpdate.safeParse({ accountId: "x", customers: ["  "], allCustomers: false }).success).toBe(false);
  });

  it("the account list's status is all, active or inactive (all when blank)", () => {
    expect(CustomerAccountListQuery.parse({})).toEqual({ q: undefined, status: "all" });
    expect(CustomerAccountListQuery.parse({ q: " agro ", status: "inactive" })).toEqual({ q: "agro", status: "inactive" });
    expect(CustomerAccountListQuery.parse({ status: "" }).status).toBe("all");
    expect(CustomerAccountListQuery.safeParse({ status: "deleted" }).success).toBe(false);
    expect(CustomerAccountListQuery.safeParse({ q: "x".repeat(255) }).success).toBe(false);
  });

  it("the type-ahead's text is optional, trimmed, at most 120 characters, no control characters", () => {
    expect(CustomerSearch.parse({})).toEqual({ q: undefined });
    expect(CustomerSearch.parse({ q: "  agro " })).toEqual({ q: "agro" });
    expect(CustomerSearch.safeParse({ q: "x".repeat(121) }).success).toBe(false);
    expect(CustomerSearch.safeParse({ q: "a\u0000b" }).success).toBe(false);
  });

  it("a customer edit names its row by a positive id and normalises the contact details", () => {
    expect(CustomerRef.safeParse({ customerId: "12" }).data).toEqual({ customerId: 12 });
    for (const bad of ["0", "-1", "abc", "1.5", undefined]) expect(CustomerRef.safeParse({ customerId: bad }).success, String(bad)).toBe(false);
    expect(CustomerUpdate.parse({ customerId: 3, name: " Agro ", email: "", phone: "+91 98290 12345" })).toEqual({
      customerId: 3,
      name: "Agro",
      email: undefined,
      phone: "9829012345",
    });
    expect(CustomerUpdate.safeParse({ customerId: 3, name: "Agro", phone: "12345" }).success).toBe(false);
  });
});
