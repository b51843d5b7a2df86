import type { Rule } from "eslint";

declare const plugin: { rules: { "no-untranslated-text": Rule.RuleModule } };
export default plugin;
