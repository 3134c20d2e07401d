# The secretary's production image: `docker build -t phone-secretary .`
# (docker-compose.yml runs it with PostgreSQL and Redis.)

# Build: every dependency, the compiled server, then the dev dependencies dropped.
FROM node:20-slim AS build
WORKDIR /app
# The install runs `prisma generate`, which reads the schema and prisma.config.ts (and what it imports).
COPY package.json package-lock.json prisma.config.ts tsconfig.json tsconfig.build.json vite.config.ts ./
COPY prisma ./prisma
COPY src ./src
RUN npm ci --no-audit --no-fund
RUN npm run build
RUN npm prune --omit=dev --no-audit --no-fund

# Run: compiled JavaScript, runtime dependencies and the migrations, as an unprivileged user.
FROM node:20-slim
ENV NODE_ENV=production
# glibc's threshold for giving a block a mapping of its own (returned to the system when freed) is
# fixed at 32 KB instead of rising to the largest block freed, below which freed blocks stay in the
# allocator. 32 KB is the size of the segments V8's compilers take their scratch memory in, freed
# after each compilation: tens of thousands at start-up, which otherwise stay scattered in the
# allocator (README, "Memory"). Read only at start.
ENV MALLOC_MMAP_THRESHOLD_=32768
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/prisma ./prisma
# DATA_DIR: the write journal (and the embedded database, without DATABASE_URL). Mount a volume here.
RUN mkdir -p /app/data && chown node:node /app/data
VOLUME ["/app/data"]
USER node
EXPOSE 3000
# node:20-slim has no curl; Node's fetch asks the server itself.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT || 3000}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node itself is PID 1's command, so `docker stop`'s SIGTERM reaches the server (no npm, no shell in between).
CMD ["node", "dist/main.js"]
