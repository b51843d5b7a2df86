import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import tracetrack from "./eslint-rules/no-untranslated-text.mjs";

const DB_IMPORTS = { group: ["@/db", "@/db/*", "**/db/*", "../db/*"], message: "Import queries from lib/server, not db/." };

const config = [
  ...nextVitals,
  ...nextTs,
  { ignores: [".next/**", ".next-*/**", "node_modules/**", ".data/**", "db/migrations/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/ban-ts-comment": ["error", { "ts-ignore": true, "ts-expect-error": "allow-with-description" }],
      "@typescript-eslint/no-non-null-assertion": "error",
    },
  },
  {
    // Every word a person reads comes from messages/<locale>/*.json (issue 19): no English literal in JSX.
    files: ["app/**/*.tsx", "components/**/*.tsx"],
    plugins: { tracetrack },
    rules: { "tracetrack/no-untranslated-text": "error" },
  },
  {
    // Pages reach the database only through lib/server query functions.
    files: ["app/**"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [DB_IMPORTS] }],
    },
  },
  {
    // Components render DTOs (lib/dto) and never import server code, not even its types.
    files: ["components/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            DB_IMPORTS,
            { group: ["@/lib/server", "@/lib/server/*", "**/lib/server/*"], message: "Components import answer shapes from lib/dto, not lib/server." },
          ],
        },
      ],
    },
  },
  {
    // Bag reads stand on their own: the scan writer depends on them, never the other way round.
    // The one bag writer, deletion, takes a child off its parent with the scan writer's unlink.
    files: ["lib/server/bags/**"],
    ignores: ["lib/server/bags/delete.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["@/lib/server/scan", "@/lib/server/scan/*", "../scan", "../scan/*"], message: "lib/server/bags must not import lib/server/scan." }] },
      ],
    },
  },
];

export default config;
