import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// Served by the gateway at /app: hashed assets under /app/assets are cached for a year, index.html never.
export default defineConfig({
  base: "/app/",
  plugins: [react()],
  build: { outDir: "dist", sourcemap: true, chunkSizeWarningLimit: 700 },
});
