# misp-ocr as a container: the single binary (built with Bun's --compile in the first stage) on a
# small Debian base, as a non-root user, on port 6666.
#   docker build -t misp-ocr . && docker run -p 127.0.0.1:6666:6666 misp-ocr

FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json tsconfig.json deno.json ./
COPY src ./src
COPY wasm ./wasm
# Installs Bun (a dev dependency) from the npm registry too; nothing else is downloaded.
RUN npm ci --no-audit --no-fund
RUN npm run build:binary

FROM debian:bookworm-slim
RUN useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin misp-ocr
COPY --from=build /src/dist/misp-ocr /usr/local/bin/misp-ocr
USER misp-ocr
# Inside a container the server must listen beyond loopback to be reachable; publish the port only
# where MISP can reach it (see compose.yaml), or set MISP_OCR_SECRET behind a proxy.
ENV HOST=0.0.0.0 \
    PORT=6666
EXPOSE 6666
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD ["/usr/local/bin/misp-ocr", "health"]
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/misp-ocr"]
CMD ["serve"]
