# The object store of containers mode: versitygw's posix backend. Build context: a temporary folder that
# object-store-container.ts fills with this file and the static versitygw binary; the build downloads nothing, and
# the base image is checked to be local first when BUZZ_BASE_IMAGE names it.
ARG BASE_IMAGE=debian:bookworm-slim
FROM ${BASE_IMAGE}
COPY versitygw /usr/local/bin/versitygw
WORKDIR /data
EXPOSE 7070
# The arguments (port, data directory) come with the container, from versitygw.ts.
ENTRYPOINT ["/usr/local/bin/versitygw"]
