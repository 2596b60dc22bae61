"""The one service layer for case handling: the web UI, the ZGW APIs and the other apps change cases only here.

Every function takes keyword arguments, checks every rule, changes nothing when a rule fails and raises an
exception from :mod:`loket.cases.exceptions` (Dutch message, optional ``field``). ``actor`` is the staff member
acting, or None for the system and other apps (meldingen, portal).
"""

from .archiving import apply_archiving, derive_brondatum
from .cases import (
    add_case_object,
    add_note,
    add_role,
    assign_case,
    bulk_assign,
    close_case,
    create_case,
    create_sub_case,
    extend_case,
    next_case_number,
    relate_cases,
    remove_role,
    reopen_case,
    reset_case_numbers,
    resume_case,
    set_eigenschap,
    set_result,
    set_status,
    suspend_case,
)
from .catalogi import (
    add_decision_type,
    add_document_type,
    add_eigenschap,
    add_process_step,
    add_product,
    add_result_type,
    add_role_type,
    add_status_type,
    add_sub_case_type,
    create_case_type,
    create_catalogus,
    create_decision_type,
    create_document_type,
    end_case_type_validity,
    new_case_type_version,
    publish_case_type,
    publish_type,
    remove_process_step,
    remove_product,
    remove_status_type,
    update_case_type,
)
from .documents import (
    add_document,
    add_document_version,
    check_file,
    create_decision,
    link_document,
)
from .queues import delete_filter, save_filter
from .work import (
    accept_task,
    cancel_task,
    complete_task,
    create_task,
    reassign_task,
    return_task,
    start_process_steps,
)

__all__ = [
    "accept_task", "add_case_object", "add_decision_type", "add_document", "add_document_type", "add_document_version",
    "add_eigenschap", "add_note", "add_process_step", "add_result_type", "add_role", "add_role_type", "add_status_type",
    "add_product", "add_sub_case_type", "apply_archiving", "assign_case", "bulk_assign", "cancel_task", "check_file", "close_case",
    "complete_task", "create_case", "create_case_type", "create_catalogus", "create_decision", "create_decision_type",
    "create_document_type", "create_sub_case", "create_task", "delete_filter", "derive_brondatum",
    "end_case_type_validity", "extend_case", "link_document", "new_case_type_version", "next_case_number", "reset_case_numbers",
    "publish_case_type", "publish_type", "reassign_task", "relate_cases", "remove_process_step", "remove_product", "remove_role",
    "remove_status_type", "reopen_case", "resume_case", "return_task", "save_filter", "set_eigenschap", "set_result",
    "set_status", "start_process_steps", "suspend_case", "update_case_type",
]
