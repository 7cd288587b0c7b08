import type { CodegenConfig } from "@graphql-codegen/cli";

// Types for every document the app sends, generated from the checked-in supergraph (the gateway's API).
const config: CodegenConfig = {
  schema: "../../gateway/supergraph.graphql",
  documents: ["src/**/*.{ts,tsx}", "!src/gql/**"],
  ignoreNoDocuments: false,
  generates: {
    "src/gql/": {
      preset: "client",
      config: { useTypeImports: true, enumsAsTypes: true, scalars: { DateTimeISO: "string", JSON: "unknown" } },
      presetConfig: { fragmentMasking: false },
    },
  },
};

export default config;
