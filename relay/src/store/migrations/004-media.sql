-- Blossom blobs (relay/src/media), content-addressed: the key is the sha256 of the bytes, so a re-upload of the
-- same bytes is the same row. mime is what the relay sniffed from the bytes, never the declared Content-Type.
CREATE TABLE IF NOT EXISTS media_blobs (
  sha256      text PRIMARY KEY CONSTRAINT media_blobs_sha256_hex CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  mime        text NOT NULL,
  size        bigint NOT NULL CONSTRAINT media_blobs_size_matches CHECK (size = octet_length(data)),
  data        bytea NOT NULL,
  uploader    text NOT NULL,
  uploaded_at timestamptz NOT NULL DEFAULT now()
);
