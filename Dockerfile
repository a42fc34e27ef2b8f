# syntax=docker/dockerfile:1
# Cloud Trader: three stages on one Node 22 LTS base, so the native better-sqlite3 addon compiled in
# `deps` matches the Node ABI of `runtime`.
ARG NODE_IMAGE=node:22-bookworm-slim

# Production dependencies only. better-sqlite3 is a native addon: when no prebuilt binary matches, it
# compiles with node-gyp, which needs python3, make and g++ (kept out of the final image).
FROM ${NODE_IMAGE} AS deps
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# Everything, dev dependencies included, to compile the TypeScript.
FROM ${NODE_IMAGE} AS build
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
# The service only: `npm run build` also compiles bench/, which needs test/ (kept out of the context).
RUN echo '{"extends": "./tsconfig.build.json", "include": ["src"]}' > tsconfig.image.json \
  && npx tsc -p tsconfig.image.json

FROM ${NODE_IMAGE} AS runtime
# tini is PID 1: it forwards SIGTERM to Node (which stops within 5 s) and reaps zombies.
RUN apt-get update \
  && apt-get install -y --no-install-recommends tini \
  && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
  HOST=0.0.0.0 \
  PORT=8080 \
  DATA_DIR=/data \
  MARKET_DATA_DIR=/app/assets/market
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist/src ./dist/src
COPY package.json ./
COPY assets ./assets
COPY contracts ./contracts
# The `node` user (uid 1000) of the base image; Kubernetes mounts a writable volume at /data.
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 8080
VOLUME ["/data"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/src/main.js"]
