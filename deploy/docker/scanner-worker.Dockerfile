# The scanner worker image. Build context: .cache/deploy/context (see api.Dockerfile).
FROM node:20-bookworm-slim
# oscap evaluates the feeds, rpm reads RPM databases copied out of targets, bzip2 unpacks
# vendor feeds. They come from Debian's packages (reachable from builds, unlike npm).
RUN apt-get update -q \
  && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    openscap-scanner rpm bzip2 \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --chown=root:root package.json ./
COPY --chown=root:root node_modules ./node_modules
COPY --chown=root:root libs ./libs
COPY --chown=root:root services/scanner-worker ./services/scanner-worker
COPY --chown=root:root healthcheck.mjs ./
RUN mkdir -p /var/lib/image-scanner/work /var/lib/image-scanner/feeds \
  && chown node:node /var/lib/image-scanner/work
ENV NODE_ENV=production WORKER_HTTP_HOST=0.0.0.0 WORKER_HTTP_PORT=5002 HEALTH_PORT=5002 \
  FEED_DIR=/var/lib/image-scanner/feeds WORKER_WORK_DIR=/var/lib/image-scanner/work
# The worker needs the Docker socket, which is root-equivalent on the host: whoever can use it
# can start a privileged container. The image runs as the unprivileged `node` user; give it the
# socket's group at run time (compose: group_add with the socket's gid; Helm: supplementalGroups)
# rather than running as root. Its own files stay read-only to it.
USER node
EXPOSE 5002
HEALTHCHECK --interval=10s --timeout=5s --start-period=15s --retries=3 \
  CMD ["node", "/app/healthcheck.mjs"]
CMD ["node", "/app/services/scanner-worker/dist/main.js"]
