-- covered serve, schema 2: what the lifecycle records beyond schema 1 — since when a
-- request is in its status (NULL: since it was submitted) and the customer's rating or
-- complaint (JSON: {"rating", "comment", "complaint", "at"}).

ALTER TABLE requests ADD COLUMN status_since TEXT;
ALTER TABLE requests ADD COLUMN satisfaction TEXT;
