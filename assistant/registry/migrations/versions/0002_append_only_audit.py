"""Append-only audit log on PostgreSQL: refuse DELETE, and UPDATE except a purge's blanking

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 23:30:00
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# The hash chain detects tampering after the fact; this stops it through the app's own
# database role up front. SQLite has no roles to protect against, so it relies on the chain.
FUNCTION = """
CREATE FUNCTION registry_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND NEW.id = OLD.id AND NEW.seq = OLD.seq AND NEW.at = OLD.at
       AND NEW.actor = OLD.actor AND NEW.action = OLD.action AND NEW.entity = OLD.entity
       AND NEW.entity_id IS NOT DISTINCT FROM OLD.entity_id
       AND NEW.payload_hash = OLD.payload_hash AND NEW.prev_hash = OLD.prev_hash
       AND NEW.hash = OLD.hash
       AND NEW.before IS NULL AND NEW.after IS NULL AND NEW.redacted THEN
        RETURN NEW;  -- a retention purge blanking personal data; the digest stays
    END IF;
    RAISE EXCEPTION 'audit_event is append-only (% refused)', TG_OP;
END
$$ LANGUAGE plpgsql
"""
TRIGGER = """
CREATE TRIGGER registry_audit_append_only
BEFORE UPDATE OR DELETE ON audit_event
FOR EACH ROW EXECUTE FUNCTION registry_audit_append_only()
"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(FUNCTION)
    op.execute(TRIGGER)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER registry_audit_append_only ON audit_event")
    op.execute("DROP FUNCTION registry_audit_append_only()")
