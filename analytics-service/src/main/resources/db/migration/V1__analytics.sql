-- Every envelope id the analytics group applied; inserted in the same transaction as the
-- rollup changes the event causes, so a redelivered event changes nothing.
create table processed_event (
    event_id     uuid primary key,
    type         text        not null,
    user_id      uuid,
    occurred_at  timestamptz not null,
    processed_at timestamptz not null default now()
);

-- One row per content activity (created, updated, deleted, completed): what challenges
-- count inside their windows and what streaks are derived from.
create table activity (
    event_id    uuid primary key,
    user_id     uuid        not null,
    occurred_at timestamptz not null,
    action      text        not null check (action in ('created', 'updated', 'deleted', 'completed')),
    kind        text        not null,
    item_id     uuid        not null
);
create index activity_user_time on activity (user_id, occurred_at);

-- Per user, per UTC day, per kind.
create table daily_rollup (
    user_id   uuid    not null,
    day       date    not null,
    kind      text    not null,
    created   integer not null default 0,
    updated   integer not null default 0,
    deleted   integer not null default 0,
    completed integer not null default 0,
    primary key (user_id, day, kind)
);

-- The latest known shape of each item, for totals, task completion, top tags and
-- recommendations. last_event_at keeps out-of-order redeliveries from rolling it back.
create table item (
    item_id       uuid primary key,
    user_id       uuid        not null,
    kind          text        not null,
    title         text,
    tags          text[]      not null default '{}',
    status        text,
    created_at    timestamptz not null,
    updated_at    timestamptz not null,
    deleted_at    timestamptz,
    last_event_at timestamptz not null
);
create index item_user on item (user_id) where deleted_at is null;

-- Tag uses per UTC hour and user: trending buckets and their distinct-user threshold.
create table tag_usage (
    hour    timestamptz not null,
    tag     text        not null,
    user_id uuid        not null,
    uses    integer     not null,
    primary key (hour, tag, user_id)
);

create table user_profile (
    user_id       uuid primary key,
    display_name  text        not null,
    updated_at    timestamptz not null
);

create table challenge (
    id         uuid primary key,
    title      text        not null,
    metric     text        not null,
    starts_at  timestamptz not null,
    ends_at    timestamptz not null,
    created_by uuid        not null,
    created_at timestamptz not null
);
create index challenge_ends on challenge (ends_at);

create table challenge_participant (
    challenge_id uuid        not null references challenge (id),
    user_id      uuid        not null,
    joined_at    timestamptz not null,
    primary key (challenge_id, user_id)
);
create index challenge_participant_user on challenge_participant (user_id);
