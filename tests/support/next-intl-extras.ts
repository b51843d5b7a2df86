// What next-intl adds to use-intl's exports, for tests/support/next-intl.ts.
export { IntlProvider, _useExtracted as useExtracted } from "use-intl";
