"""The board's workflow rules, decided in core and tested without HTTP."""
import pytest

from core.accounts import ROLE_ADMIN, ROLE_CONTRIBUTOR, ROLE_EDITOR
from core.articles import (
    CONTRIBUTOR_PUBLISH_MESSAGE,
    NOT_PENDING_MESSAGE,
    RETURN_NOTE_MESSAGE,
    STATUS_DRAFT,
    STATUS_PENDING,
    STATUS_PUBLISHED,
    audit_action,
    check_workflow,
    may_publish,
    statuses_for,
    workflow_status,
)
from core.errors import ValidationError

CONTRIBUTOR = {"username": "ctv", "role": ROLE_CONTRIBUTOR}
EDITOR = {"username": "btv", "role": ROLE_EDITOR}
ADMIN = {"username": "qt", "role": ROLE_ADMIN}


def refusal(user, action, status, old_status, note=None) -> dict:
    with pytest.raises(ValidationError) as exc:
        check_workflow(user, action, status, old_status, note)
    return exc.value.errors


def test_who_may_publish():
    assert not may_publish(CONTRIBUTOR)
    assert may_publish(EDITOR) and may_publish(ADMIN)
    assert not may_publish(None)
    assert not may_publish({"username": "x", "role": "khach"})  # an unknown role gets the least rights


def test_contributor_offered_draft_and_pending_only():
    assert set(statuses_for(CONTRIBUTOR)) == {STATUS_DRAFT, STATUS_PENDING}
    assert set(statuses_for(EDITOR)) == {STATUS_DRAFT, STATUS_PENDING, STATUS_PUBLISHED}


@pytest.mark.parametrize("action,status,old", [
    ("", STATUS_PUBLISHED, None),
    ("approve", STATUS_PUBLISHED, STATUS_PENDING),
    ("return", STATUS_DRAFT, STATUS_PENDING),
])
def test_contributor_cannot_publish_approve_or_return(action, status, old):
    assert refusal(CONTRIBUTOR, action, status, old, "sửa lại") == {"status": CONTRIBUTOR_PUBLISH_MESSAGE}


def test_contributor_may_save_and_submit():
    check_workflow(CONTRIBUTOR, "", STATUS_DRAFT, None, None)
    check_workflow(CONTRIBUTOR, "submit", workflow_status("submit", STATUS_DRAFT), STATUS_DRAFT, None)


def test_approve_or_return_only_a_pending_article():
    assert refusal(EDITOR, "approve", STATUS_PUBLISHED, STATUS_DRAFT) == {"status": NOT_PENDING_MESSAGE}
    assert refusal(EDITOR, "return", STATUS_DRAFT, STATUS_PUBLISHED, "x") == {"status": NOT_PENDING_MESSAGE}
    check_workflow(EDITOR, "approve", STATUS_PUBLISHED, STATUS_PENDING, None)


def test_return_needs_a_note():
    assert refusal(EDITOR, "return", STATUS_DRAFT, STATUS_PENDING, "   ") == {"review_note": RETURN_NOTE_MESSAGE}
    check_workflow(EDITOR, "return", STATUS_DRAFT, STATUS_PENDING, "Bổ sung ảnh")


def test_button_decides_the_status():
    assert workflow_status("submit", STATUS_PUBLISHED) == STATUS_PENDING
    assert workflow_status("approve", STATUS_DRAFT) == STATUS_PUBLISHED
    assert workflow_status("return", STATUS_PUBLISHED) == STATUS_DRAFT
    assert workflow_status("", STATUS_PUBLISHED) == STATUS_PUBLISHED


def test_audit_names_the_step():
    assert audit_action("return", STATUS_PENDING, STATUS_DRAFT) == "article_return"
    assert audit_action("", STATUS_DRAFT, STATUS_PENDING) == "article_submit"
    assert audit_action("approve", STATUS_PENDING, STATUS_PUBLISHED) == "article_approve"
    assert audit_action("", STATUS_PUBLISHED, STATUS_PUBLISHED) is None
    assert audit_action("", STATUS_PUBLISHED, STATUS_DRAFT) is None
