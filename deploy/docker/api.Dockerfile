# The API image. Build context: .cache/deploy/context (scripts/deploy/stage-context.sh), which
# holds the compiled code and production node_modules: nothing is installed during the build.
FROM node:20-bookworm-slim
WORKDIR /app
COPY --chown=root:root package.json ./
COPY --chown=root:root node_modules ./node_modules
COPY --chown=root:root libs ./libs
COPY --chown=root:root services/api ./services/api
COPY --chown=root:root healthcheck.mjs ./
ENV NODE_ENV=production API_HOST=0.0.0.0 API_PORT=5001 HEALTH_PORT=5001
# The API holds no secret and no socket: it runs as the unprivileged user of the base image.
USER node
EXPOSE 5001
HEALTHCHECK --interval=10s --timeout=5s --start-period=10s --retries=3 \
  CMD ["node", "/app/healthcheck.mjs"]
CMD ["node", "/app/services/api/dist/main.js"]
