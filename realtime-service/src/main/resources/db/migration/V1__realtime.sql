-- Users known to realtime-service: filled from tk:stream:auth (user.registered, user.updated) and
-- from the internal token of every caller. Only what conversations need: existence and a display name.
CREATE TABLE users (
    id            uuid PRIMARY KEY,
    display_name  text NOT NULL,
    last_seen_at  timestamptz
);

CREATE TABLE conversations (
    id               uuid PRIMARY KEY,
    title            text,
    created_by       uuid NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    -- The seq of the newest message; bumped by UPDATE ... RETURNING in the sending transaction, so
    -- concurrent senders (on any instance) serialize on this row and seq stays gap-free.
    last_seq         bigint NOT NULL DEFAULT 0,
    last_activity_at timestamptz NOT NULL DEFAULT now(),
    -- For the two-person conversation without title: "least:greatest" of the two user ids.
    pair_key         text UNIQUE
);

CREATE INDEX conversations_activity ON conversations (last_activity_at DESC, id DESC);

CREATE TABLE members (
    conversation_id uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    user_id         uuid NOT NULL,
    last_read_seq   bigint NOT NULL DEFAULT 0,
    joined_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (conversation_id, user_id)
);

CREATE INDEX members_user ON members (user_id, conversation_id);

CREATE TABLE messages (
    id              uuid PRIMARY KEY,
    conversation_id uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    seq             bigint NOT NULL,
    sender_id       uuid NOT NULL,
    body            text NOT NULL,
    client_msg_id   text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (conversation_id, seq),
    UNIQUE (sender_id, client_msg_id)
);

CREATE TABLE notifications (
    id              uuid PRIMARY KEY,
    user_id         uuid NOT NULL,
    type            text NOT NULL,
    conversation_id uuid,
    -- For type 'message': the latest message (JSON) and how many messages the notification stands for.
    data            text NOT NULL,
    count           integer NOT NULL DEFAULT 1,
    created_at      timestamptz NOT NULL DEFAULT now(),
    read_at         timestamptz
);

CREATE INDEX notifications_user ON notifications (user_id, created_at DESC, id DESC);

-- At most one unread message notification per conversation per member (aggregated).
CREATE UNIQUE INDEX notifications_unread_message
    ON notifications (user_id, conversation_id) WHERE type = 'message' AND read_at IS NULL;

-- Transactional outbox: events commit with the change they describe; OutboxRelay publishes them.
CREATE TABLE outbox (
    id           bigserial PRIMARY KEY,
    stream       text NOT NULL,
    event_id     uuid NOT NULL UNIQUE,
    envelope     text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz
);

CREATE INDEX outbox_pending ON outbox (id) WHERE published_at IS NULL;
