import { defineConfig } from "drizzle-kit";

// drizzle-kit writes SQL migrations from the schema; wrangler applies them to D1.
export default defineConfig({
  dialect: "sqlite",
  schema: "./workers/db/schema*.ts",
  out: "./migrations",
});
