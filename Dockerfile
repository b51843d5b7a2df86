# TraceTrack in a container: Next's standalone server (NEXT_OUTPUT=standalone), one process per
# container, state in PostgreSQL and Redis. Build: `docker build -t tracetrack .`; run several
# behind a proxy with compose.yaml (README.md, "Several instances: Docker").
FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1 NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN NEXT_OUTPUT=standalone ./node_modules/.bin/next build && node scripts/standalone.mjs .next

FROM node:20-bookworm-slim AS run
WORKDIR /app
# pg_dump / pg_restore for the server's scheduled backups (BACKUP_DIR, a volume in compose.yaml).
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 HOSTNAME=0.0.0.0 \
    NODE_OPTIONS=--max-old-space-size=256 \
    BACKUP_DIR=/data/backups PGLITE_DIR=/data/pglite
COPY --from=build --chown=node:node /app/.next/standalone ./
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
# Liveness: answers without the database (a stuck event loop fails it); readiness is /api/health.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/api/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "server.js"]
