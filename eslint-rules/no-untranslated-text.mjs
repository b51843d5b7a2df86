// A string a person reads must come from the message files (messages/<locale>/*.json through
// next-intl), never sit in a component as an English literal: JSX text, a string or template
// literal rendered as a child, and the text-bearing props (labels, titles, placeholders, alt…).
// Punctuation, symbols, numbers and single-letter glyphs (×, →, ·, ✓) are not words and pass.

const TEXT_PROPS = new Set([
  "aria-label",
  "aria-description",
  "aria-roledescription",
  "aria-valuetext",
  "alt",
  "title",
  "placeholder",
  "label",
  "legend",
  "heading",
  "description",
  "hint",
  "help",
  "caption",
  "summary",
  "confirm",
  "confirmText",
  "confirmLabel",
  "cancelLabel",
  "submitLabel",
  "pendingLabel",
  "emptyText",
  "empty",
  "subtitle",
]);

/** Two letters in a row (any script): a word, not a glyph, a number or punctuation. */
const WORD = /\p{L}\p{L}/u;

const hasWord = (text) => WORD.test(text);

function literalText(node) {
  if (!node) return null;
  if (node.type === "Literal" && typeof node.value === "string") return node.value;
  if (node.type === "TemplateLiteral") return node.quasis.map((q) => q.value.cooked ?? "").join(" ");
  return null;
}

/** A string that ends up on screen from an expression: a literal, a template, or either side of `a ? "x" : "y"` / `a && "x"` / `a || "x"`. */
function renderedLiterals(node, out = []) {
  if (!node) return out;
  const text = literalText(node);
  if (text !== null) out.push([node, text]);
  else if (node.type === "ConditionalExpression") {
    renderedLiterals(node.consequent, out);
    renderedLiterals(node.alternate, out);
  } else if (node.type === "LogicalExpression") {
    renderedLiterals(node.right, out);
    if (node.operator !== "&&") renderedLiterals(node.left, out);
  }
  return out;
}

const rule = {
  meta: {
    type: "problem",
    docs: { description: "Rendered text comes from the message files (next-intl), not string literals in components." },
    schema: [],
    messages: { literal: 'Text "{{text}}" is rendered from a literal: put it in messages/en and messages/hi and use t().' },
  },
  create(context) {
    const report = (node, text) =>
      context.report({ node, messageId: "literal", data: { text: text.trim().replace(/\s+/g, " ").slice(0, 40) } });
    return {
      JSXText(node) {
        if (hasWord(node.value)) report(node, node.value);
      },
      JSXExpressionContainer(node) {
        if (node.parent?.type === "JSXAttribute") return;
        for (const [lit, text] of renderedLiterals(node.expression)) if (hasWord(text)) report(lit, text);
      },
      JSXAttribute(node) {
        const name = node.name.type === "JSXNamespacedName" ? `${node.name.namespace.name}:${node.name.name.name}` : node.name.name;
        if (!TEXT_PROPS.has(name) || !node.value) return;
        const expr = node.value.type === "JSXExpressionContainer" ? node.value.expression : node.value;
        for (const [lit, text] of renderedLiterals(expr)) if (hasWord(text)) report(lit, text);
      },
    };
  },
};

const plugin = { rules: { "no-untranslated-text": rule } };

export default plugin;
