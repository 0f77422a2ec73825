"""Model instances from the columns of another model's written-out statement.

The written-out reads (assessments/result_reads.py and catalog_reads.py,
counseling/learner_reads.py) join a few columns of a related row, its role's title or its
author's name, into their statement. `Model.objects.raw()` converts only the columns of the
model it reads; joined() converts these the same way, so a time stays a time on SQLite.
"""

from django.db import connection


def joined(model, **columns):
    """An instance of model from some of its columns (by field name) as the statement returned
    them, each converted as the ORM converts it; any other field is read if asked for, as with
    `only()`."""
    values = []
    for name, value in columns.items():
        column = model._meta.get_field(name).get_col(model._meta.db_table)
        converters = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        for convert in converters:
            value = convert(value, column, connection)
        values.append(value)
    return model.from_db(connection.alias, list(columns), values)
