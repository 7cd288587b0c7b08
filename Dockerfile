# One image for every tracehub process; docker-compose.yml picks the entry point per service.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json turbo.json tsconfig.base.json tsconfig.json ./
COPY packages ./packages
COPY services ./services
COPY gateway ./gateway
# The web app the gateway serves at /app (built with the rest by turbo).
COPY apps ./apps
COPY e2e/package.json ./e2e/package.json
RUN npm ci --no-audit --no-fund && npx turbo run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app /app
USER node
# Overridden per service in docker-compose.yml.
CMD ["node", "gateway/dist/main.js"]
