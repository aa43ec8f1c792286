# Passerelle in a container: `docker compose up` (see compose.yaml and the README's "Docker" section).
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN ASTRO_TELEMETRY_DISABLED=1 npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:24-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=4321 DATA_DIR=/data MALLOC_ARENA_MAX=2
WORKDIR /app
# The server runs its TypeScript sources directly (Node strips the types) beside the built web app.
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/src ./src
COPY --from=build /app/drizzle ./drizzle
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 4321
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s CMD node -e "fetch('http://127.0.0.1:4321/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
# The memory flags of `npm start` (package.json): a small young generation frees libsql's native statements and rows
# soon after each request, instead of letting hundreds of MiB wait for a rare scavenge.
CMD ["node", "--max-semi-space-size=4", "--heap-growing-percent=20", "src/server/start.ts"]
