# syntax=docker/dockerfile:1
# Switchboard's image: the same `npm ci` and `npm run build` CI runs, then a runtime stage with
# production dependencies only, run as the unprivileged `node` user. deploy/compose.yaml builds it.
ARG NODE_IMAGE=node:20-bookworm-slim

# Compiles src/ to dist/ with every dependency, development ones included.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
RUN npm run build

# The dependencies the service needs at run time, and nothing else (only node_modules is copied on).
FROM ${NODE_IMAGE} AS production-dependencies
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
COPY --from=production-dependencies /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
USER node
EXPOSE 3000
# Liveness only: readiness (/api/v1/health/ready) also needs the database, and a container whose
# database is away should wait for it, not be restarted.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/v1/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The process itself is PID 1: it handles SIGTERM (finishes in-flight work, then exits 0).
CMD ["node", "dist/main.js"]
