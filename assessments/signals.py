"""What the assessments app announces to the apps built on it, which it must not import.

Sent explicitly by the functions that do the work, once each, never by model saves.
"""

from django.dispatch import Signal

# A learner submitted a result, from a request (for links in emails), inside the transaction
# that submitted it, so what receivers write or queue commits with it: request, assessment.
result_submitted = Signal()

# A learner's drafts or results changed (save_draft, submit_assessment), sent once per call,
# inside its transaction, so that copies kept elsewhere change with it: learner_id.
learner_activity = Signal()
