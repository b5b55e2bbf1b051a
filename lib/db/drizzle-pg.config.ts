// drizzle-kit's config for the Postgres migrations (shared mode); drizzle.config.ts at the top is SQLite's.
import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: "./lib/db/pg-schema.ts",
  out: "./lib/db/migrations-pg",
});
