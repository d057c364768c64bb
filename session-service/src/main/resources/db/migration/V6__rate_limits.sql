-- Rate limits a context set for itself through /testdata/rate-limits (test mode), one row per context; no row: the
-- environment's defaults. Each change is announced on ksef.ratelimit.settings (compacted by context), which every
-- service reads; this table is what GET /rate-limits answers from.
create table rate_limit_setting (
    context_type  varchar(16) not null,
    context_value varchar(64) not null,
    -- custom (own values) or production (POST /testdata/rate-limits/production)
    profile       varchar(16) not null,
    -- every group by the spec's name: {"onlineSession": {"perSecond": 10, "perMinute": 30, "perHour": 120}, ...}
    limits        jsonb       not null,
    updated_at    timestamptz not null,
    primary key (context_type, context_value)
);
