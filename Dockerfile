# One image for the api, the worker and the one-shot `migrate` (see docker-compose.yml).
#   docker build -t dondoc .
#   api (default):  docker run dondoc
#   worker:         docker run dondoc node --enable-source-maps dist/apps/worker/src/main.js
#   migrations:     docker run -e DATABASE_URL=... dondoc node dist/apps/launcher/src/main.js migrate
# The code finds the project root as the folder holding package.json and libs/mail/templates, so both stages keep
# the repository layout under /app.
# Node 24 LTS, the version CI tests (.nvmrc; docs/runtime.md). Its npm (11.19) honours the `allowScripts` field of
# package.json: the listed packages' install scripts run, the denied ones (@scarf/scarf, telemetry; @parcel/watcher)
# do not; every dependency with an install script is listed (`npm approve-scripts --allow-scripts-pending` shows none
# pending), an unlisted one would run with a notice. SCARF_ANALYTICS stays as a second switch for the telemetry.
# The tag is not pulled on the machines that write this (no Docker engine): bump it with .nvmrc.

FROM node:24.22.3-bookworm-slim AS build
WORKDIR /app
ENV SCARF_ANALYTICS=false \
    npm_config_update_notifier=false
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY apps ./apps
COPY libs ./libs
COPY workflows ./workflows
COPY scripts ./scripts
# tsc to dist/, then dist/workflow-bundle.js (the build fails if the workflows cannot be bundled), the api's bundle
# (dist/apps/api/bundle/main.mjs, what npm start and this image run: one file to load, not ≈ 2,800 modules), then the web app
# (scripts/build-web.mjs: the OpenAPI document, its typed client, vite build to dist/web, served at /app/).
RUN npm run build

FROM node:24.22.3-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    SCARF_ANALYTICS=false \
    npm_config_update_notifier=false \
    APP_PORT=3000 \
    APP_HOST=0.0.0.0
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY libs/mail/templates ./libs/mail/templates
COPY apps/api/views ./apps/api/views
COPY apps/api/src/i18n/vi.json ./apps/api/src/i18n/vi.json
COPY plans ./plans
USER node
EXPOSE 3000
CMD ["node", "--enable-source-maps", "dist/apps/api/bundle/main.mjs"]
