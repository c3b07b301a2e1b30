-- The evidence list shows the newest records first.
CREATE INDEX evidence_by_created_at ON evidence (created_at DESC, id DESC);
