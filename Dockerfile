# union-ledger: the service image docker-compose.yml runs, on the current Node.js LTS (README, "Requirements").
# better-sqlite3 ships prebuilt binaries (linux x64 and arm64), so no compiler is needed, and no dependency's
# install script either: skipping them all keeps Python and make out of the image whatever the npm version.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY scripts/check-node.cjs ./scripts/
COPY src ./src
COPY projections ./projections
COPY dashboard ./dashboard
RUN npm run build && npm run build:dashboard && npm prune --omit=dev

FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
USER node
EXPOSE 3000
CMD ["node", "dist/src/main.js"]
