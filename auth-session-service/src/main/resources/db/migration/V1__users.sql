-- Users of Redkeep (spec/http-api.md, auth section). Emails are stored as given and unique
-- case-insensitively through the expression index; lookups use the same lower(email).
create table users (
    id            uuid         primary key,
    email         varchar(254) not null,
    display_name  varchar(64)  not null,
    role          varchar(16)  not null default 'user' check (role in ('user', 'admin')),
    password_hash varchar(255) not null,
    created_at    timestamptz  not null,
    updated_at    timestamptz  not null
);

create unique index users_email_lower_key on users (lower(email));

-- Transactional outbox: an event is written in the same transaction as the change it
-- reports and relayed to its Redis stream afterwards, so a crash between the two leaves
-- neither a user without its user.registered event nor an event without its user.
create table event_outbox (
    id         uuid         primary key,
    stream     varchar(100) not null,
    payload    text         not null,
    created_at timestamptz  not null default now()
);

create index event_outbox_created_at_idx on event_outbox (created_at);
