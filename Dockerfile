# The image every tally service in docker-compose.yml runs: the built project with its native addons.
FROM node:20-bookworm-slim
# better-sqlite3 compiles against Node's headers when no prebuilt binary fits.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY . .
# npm ci runs the prepare script, which builds dist/.
RUN npm ci --no-audit --no-fund && npm prune --omit=dev
ENV NODE_ENV=production
