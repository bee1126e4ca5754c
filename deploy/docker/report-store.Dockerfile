# The report store image. Build context: .cache/deploy/context (see api.Dockerfile).
FROM node:20-bookworm-slim
WORKDIR /app
COPY --chown=root:root package.json ./
COPY --chown=root:root node_modules ./node_modules
COPY --chown=root:root libs ./libs
COPY --chown=root:root services/report-store ./services/report-store
COPY --chown=root:root healthcheck.mjs ./
# The volume is created owned by the unprivileged user, so the store can write without root.
RUN mkdir -p /var/lib/image-scanner/reports && chown node:node /var/lib/image-scanner/reports
ENV NODE_ENV=production REPORT_STORE_HOST=0.0.0.0 REPORT_STORE_PORT=5003 \
  REPORT_STORE_DIR=/var/lib/image-scanner/reports HEALTH_PORT=5003
USER node
VOLUME /var/lib/image-scanner/reports
EXPOSE 5003
HEALTHCHECK --interval=10s --timeout=5s --start-period=10s --retries=3 \
  CMD ["node", "/app/healthcheck.mjs"]
CMD ["node", "/app/services/report-store/dist/main.js"]
