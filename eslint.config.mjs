import next from "eslint-config-next";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...next,
  ...nextTs,
  {
    ignores: [
      ".next/**",
      "node_modules/**",
      ".data/**",
      "test-results/**",
      "playwright-report/**",
      "next-env.d.ts",
      "bench/results/**",
    ],
  },
  {
    // import/no-cycle parses what it follows: keep it out of node_modules (PGlite's bundle alone takes minutes).
    settings: { "import/ignore": ["node_modules"], "import/external-module-folders": ["node_modules"] },
    rules: {
      "@typescript-eslint/no-unused-vars": ["warn", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // Arrows only point down: app → components → lib/actions → lib/<domain> → lib/routing, db.
      "import/no-cycle": ["error", { ignoreExternal: true }],
    },
  },
  layer("db/**", "db/ is the lowest layer: it imports nothing from lib/, app/ or components/.", [
    "@/lib",
    "@/lib/**",
    "@/app/**",
    "@/components/**",
    "**/lib/**",
    "**/app/**",
  ]),
  layer("lib/**", "lib/ sits below the pages: it imports nothing from app/ or components/.", [
    "@/app/**",
    "@/components/**",
    "**/app/**",
    "**/components/**",
  ]),
  layer("db/strategies.ts", "db/strategies.ts is dependency-free: db/, lib/ and the engine all import it.", [
    "@/**",
    "../**",
    "./**",
  ]),
  layer("components/**", "Components import server actions from lib/actions, never from app/.", [
    "@/app/**",
    "**/app/**",
  ]),
  {
    // The engine stays pure: only itself and the dependency-free strategy table (see lib/routing/README.md).
    files: ["lib/routing/**"],
    ignores: ["lib/routing/**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^(@/(?!lib/routing(/|$)|db/strategies$)|\\.\\./)",
              message: "lib/routing is pure: it imports only lib/routing and @/db/strategies.",
            },
          ],
        },
      ],
    },
  },
];

function layer(files, message, group) {
  return { files: [files], rules: { "no-restricted-imports": ["error", { patterns: [{ group, message }] }] } };
}
export default config;
