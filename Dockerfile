# The reference webhook as a container (Cloud Run, Kubernetes). Build: docker build -t cxhook .
FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 compiles from source when no prebuilt binary can be fetched.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
COPY reference ./reference
COPY tools ./tools
# One bundle run by plain node: no TypeScript loader on the cold-start path. The build also runs it
# once (127.0.0.1, a throwaway data directory) so that V8's code cache ships in dist/: same Node
# image in both stages, so the runtime accepts it.
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8080 DATA_DIR=/data
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 8080
# SIGTERM from the platform drains in-flight calls before exit.
CMD ["node", "dist/reference.mjs"]
