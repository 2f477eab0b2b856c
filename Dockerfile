# The bot as a container image (used by docker-compose.yml). hnswlib-node and better-sqlite3 are
# compiled at install, so the build stage has a C++ toolchain; nothing is downloaded at run time.
FROM node:20-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund || npm install --omit=dev --no-audit --no-fund
COPY . .
ENV DATA_DIR=/data
# npm start: the bot when TELEGRAM_BOT_TOKEN is set. SIGTERM lets answers in flight finish.
CMD ["npx", "tsx", "src/main.ts"]
