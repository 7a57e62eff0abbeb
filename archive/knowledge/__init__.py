"""What the program knows about the world: organisations MPs write to, and the MPs themselves.

Both are data files under ``archive/data`` (with their sources and licences), built by
scripts in ``tools/`` and read lazily on first use; importing this package opens nothing.
"""

from __future__ import annotations

from archive.knowledge.members import (
    Member,
    constituency_of,
    is_mp_name,
    is_peer_name,
    member,
    member_by_constituency,
    name_key,
    seat_on,
    surname_and_name_key,
)
from archive.knowledge.organisations import (
    DepartmentMatch,
    OrgMatch,
    acronym,
    canonical,
    department_for_role,
    department_match,
    department_of,
    department_of_metadata,
    find_org,
    is_public_body,
    org_for_email,
    org_for_gov_uk_page,
    org_kind,
    parent_department,
)

__all__ = [
    "DepartmentMatch",
    "Member",
    "OrgMatch",
    "acronym",
    "canonical",
    "constituency_of",
    "department_for_role",
    "department_match",
    "department_of",
    "department_of_metadata",
    "find_org",
    "is_mp_name",
    "is_peer_name",
    "is_public_body",
    "member",
    "member_by_constituency",
    "name_key",
    "org_for_email",
    "org_for_gov_uk_page",
    "org_kind",
    "parent_department",
    "seat_on",
    "surname_and_name_key",
]
