"""A class roster pasted or uploaded by a counselor: one learner a line, address and name.

Lines are "address" or "address, name" (a CSV file reads the same; a header line naming an
"email" column is skipped). Every line gets an outcome, so a counselor sees what happened to
each: invited, or why not.
"""

import csv
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

MOST_LINES = 1000  # a class or a whole year group; a larger file is refused, not cut short


@dataclass
class Line:
    number: int
    email: str
    name: str
    problem: str = ""  # empty: the line can be invited


def read(text):
    """The roster's lines, blank ones left out, each with what is wrong with it on its own."""
    lines, first_seen = [], {}
    for number, cells in enumerate(csv.reader(io.StringIO(text)), start=1):
        cells = [cell.strip() for cell in cells]
        if not any(cells):
            continue
        email, name = cells[0], ", ".join(cell for cell in cells[1:] if cell)
        if number == 1 and email.lower() in {"email", "e-mail", "email address", "address"}:
            continue  # a spreadsheet's header row
        line = Line(number, email, name[:150])
        try:
            validate_email(email)
        except ValidationError:
            line.problem = "not an email address"
        else:
            key = email.lower()
            if key in first_seen:
                line.problem = f"the same address as line {first_seen[key]}"
            else:
                first_seen[key] = number
        lines.append(line)
    return lines
