-- Content of redkeep_content: one table per kind, tags as a lower-case text[] per row,
-- a generated tsvector per row for full-text search, and the transactional outbox.
-- Lists page by keyset on (user_id, created_at DESC, id DESC); ids are UUIDv7.

CREATE TABLE bookmarks (
    id          uuid PRIMARY KEY,
    user_id     uuid        NOT NULL,
    url         text        NOT NULL,
    title       text        NOT NULL,
    description text        NOT NULL DEFAULT '',
    favorite    boolean     NOT NULL DEFAULT false,
    archived    boolean     NOT NULL DEFAULT false,
    tags        text[]      NOT NULL DEFAULT '{}',
    version     integer     NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    search      tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', title), 'A')
        || setweight(to_tsvector('english', description), 'B')
        || setweight(to_tsvector('english', url), 'C')
        || setweight(to_tsvector('simple', translate(url, '/:.?&=#_-+%', '           ')), 'C')
    ) STORED
);

CREATE TABLE tasks (
    id           uuid PRIMARY KEY,
    user_id      uuid        NOT NULL,
    title        text        NOT NULL,
    description  text        NOT NULL DEFAULT '',
    status       text        NOT NULL CHECK (status IN ('pending', 'in_progress', 'completed')),
    priority     text        NOT NULL CHECK (priority IN ('low', 'medium', 'high')),
    due_at       timestamptz,
    completed_at timestamptz,
    tags         text[]      NOT NULL DEFAULT '{}',
    version      integer     NOT NULL DEFAULT 1,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    search       tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', title), 'A')
        || setweight(to_tsvector('english', description), 'B')
    ) STORED,
    CHECK ((status = 'completed') = (completed_at IS NOT NULL))
);

CREATE TABLE notes (
    id         uuid PRIMARY KEY,
    user_id    uuid        NOT NULL,
    title      text        NOT NULL,
    content    text        NOT NULL DEFAULT '',
    tags       text[]      NOT NULL DEFAULT '{}',
    version    integer     NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    search     tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', title), 'A')
        || setweight(to_tsvector('english', content), 'B')
    ) STORED
);

CREATE TABLE files (
    id         uuid PRIMARY KEY,
    user_id    uuid        NOT NULL,
    name       text        NOT NULL,
    mime_type  text        NOT NULL,
    size       bigint      NOT NULL CHECK (size >= 0),
    sha256     char(64)    NOT NULL,
    tags       text[]      NOT NULL DEFAULT '{}',
    version    integer     NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    search     tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', name), 'A')
        || setweight(to_tsvector('simple', translate(name, '._-()[]', '       ')), 'A')
    ) STORED
);

-- Newest-first pages per user, and tag filters.
CREATE INDEX bookmarks_user_created ON bookmarks (user_id, created_at DESC, id DESC);
CREATE INDEX tasks_user_created ON tasks (user_id, created_at DESC, id DESC);
CREATE INDEX notes_user_created ON notes (user_id, created_at DESC, id DESC);
CREATE INDEX files_user_created ON files (user_id, created_at DESC, id DESC);
CREATE INDEX bookmarks_tags ON bookmarks USING gin (tags);
CREATE INDEX tasks_tags ON tasks USING gin (tags);
CREATE INDEX notes_tags ON notes USING gin (tags);
CREATE INDEX files_tags ON files USING gin (tags);

-- Full-text search. GIN over tsvector also serves prefix queries ('word':*), which is
-- how the last word of a search matches as typed.
CREATE INDEX bookmarks_search ON bookmarks USING gin (search);
CREATE INDEX tasks_search ON tasks USING gin (search);
CREATE INDEX notes_search ON notes USING gin (search);
CREATE INDEX files_search ON files USING gin (search);

-- Blobs are shared by content hash; deleting the last referring row deletes the blob.
CREATE INDEX files_sha256 ON files (sha256);

-- Events written in the same transaction as the change they describe; the relay
-- publishes them to Redis Streams in id order and stamps published_at.
CREATE TABLE outbox (
    id           bigserial PRIMARY KEY,
    stream       text        NOT NULL,
    event_id     uuid        NOT NULL UNIQUE,
    envelope     text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz
);

CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL;
